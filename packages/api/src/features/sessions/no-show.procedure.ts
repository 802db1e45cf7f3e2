import { markNoShow } from '@virtual-care/domain';
import { sessionDto } from './session.views';
import { noShowInputSchema, virtualSessionDtoSchema } from './session.schema';
import { clinicianProcedure } from '../../edge/procedures';

export const noShowProcedure = clinicianProcedure
  .meta({
    openapi: {
      method: 'POST',
      path: '/sessions/{id}/no-show',
      tags: ['sessions'],
      protect: true,
      summary: 'Record that the patient never came (after the start; cancels with reason no_show)',
    },
  })
  .input(noShowInputSchema)
  .output(virtualSessionDtoSchema)
  .mutation(async ({ ctx, input }) => {
    const { session } = await markNoShow(ctx.services.deps, {
      tenantId: ctx.tenantId,
      sessionId: input.id,
      actorId: ctx.user.id,
      ...(input.expectedVersion !== undefined ? { expectedVersion: input.expectedVersion } : {}),
    });
    return sessionDto(ctx.services, ctx.tenantId, session);
  });
