import { getSessionList } from '@virtual-care/domain';
import { sessionDtos } from '../composition/session-views';
import { listSessionsInputSchema, listSessionsOutputSchema } from '../schemas/session.schema';
import { clinicianProcedure } from './virtual-care.procedure';

export const listSessionsProcedure = clinicianProcedure
  .meta({
    openapi: {
      method: 'GET',
      path: '/sessions',
      tags: ['sessions'],
      protect: true,
      summary: 'List sessions (cursor pages; status, patient, date filters)',
    },
  })
  .input(listSessionsInputSchema)
  .output(listSessionsOutputSchema)
  .query(async ({ ctx, input }) => {
    const page = await getSessionList(ctx.services.deps, {
      tenantId: ctx.tenantId,
      ...(input.status ? { status: input.status } : {}),
      ...(input.patientId ? { patientId: input.patientId } : {}),
      ...(input.from ? { from: new Date(input.from) } : {}),
      ...(input.to ? { to: new Date(input.to) } : {}),
      cursor: input.cursor ?? null,
      ...(input.limit ? { limit: input.limit } : {}),
    });
    return {
      items: await sessionDtos(ctx.services, ctx.tenantId, page.items),
      nextCursor: page.nextCursor,
    };
  });
