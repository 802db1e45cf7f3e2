import { getSessionDetail } from '@virtual-care/domain';
import { detailDto } from '../composition/session-views';
import { sessionDetailOutputSchema, sessionRefInputSchema } from '../schemas/session.schema';
import { clinicianProcedure } from './virtual-care.procedure';

export const sessionDetailProcedure = clinicianProcedure
  .meta({
    openapi: {
      method: 'GET',
      path: '/sessions/{id}',
      tags: ['sessions'],
      protect: true,
      summary: 'A session with its participants',
    },
  })
  .input(sessionRefInputSchema)
  .output(sessionDetailOutputSchema)
  .query(async ({ ctx, input }) =>
    detailDto(
      ctx.services,
      ctx.tenantId,
      await getSessionDetail(ctx.services.deps, { tenantId: ctx.tenantId, sessionId: input.id }),
    ),
  );
