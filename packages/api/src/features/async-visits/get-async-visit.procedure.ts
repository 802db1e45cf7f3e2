import { getAsyncVisit } from '@virtual-care/domain';
import { readerOf } from './async-visit-reader';
import { asyncVisitDto } from './async-visit.views';
import { asyncVisitDtoSchema, asyncVisitRefInputSchema } from './async-visit.schema';
import { servicesProcedure } from '../../edge/procedures';

export const getAsyncVisitProcedure = servicesProcedure('clinician', 'patient')
  .meta({
    openapi: {
      method: 'GET',
      path: '/async-visits/{id}',
      tags: ['async-visits'],
      protect: true,
      summary: "One async visit with the clinician's response; a patient only their own",
    },
  })
  .input(asyncVisitRefInputSchema)
  .output(asyncVisitDtoSchema)
  .query(async ({ ctx, input }) =>
    asyncVisitDto(
      ctx.services,
      ctx.tenantId,
      await getAsyncVisit(ctx.services.deps, { ...(await readerOf(ctx)), asyncVisitId: input.id }),
    ),
  );
