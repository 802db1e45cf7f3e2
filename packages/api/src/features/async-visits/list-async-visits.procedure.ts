import { listAsyncVisits } from '@virtual-care/domain';
import { readerOf } from './async-visit-reader';
import { asyncVisitDtos } from './async-visit.views';
import { listAsyncVisitsInputSchema, listAsyncVisitsOutputSchema } from './async-visit.schema';
import { servicesProcedure } from '../../edge/procedures';

export const listAsyncVisitsProcedure = servicesProcedure('clinician', 'patient')
  .meta({
    openapi: {
      method: 'GET',
      path: '/async-visits',
      tags: ['async-visits'],
      protect: true,
      summary:
        "The review queue, oldest first (status filter, cursor pages); a patient's own visits",
    },
  })
  .input(listAsyncVisitsInputSchema)
  .output(listAsyncVisitsOutputSchema)
  .query(async ({ ctx, input }) => {
    const page = await listAsyncVisits(ctx.services.deps, {
      ...(await readerOf(ctx)),
      ...(input.status ? { status: input.status } : {}),
      cursor: input.cursor ?? null,
      ...(input.limit ? { limit: input.limit } : {}),
    });
    return {
      items: await asyncVisitDtos(ctx.services, ctx.tenantId, page.items),
      nextCursor: page.nextCursor,
    };
  });
