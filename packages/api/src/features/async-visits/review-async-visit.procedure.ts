import { reviewAsyncVisit } from '@virtual-care/domain';
import { asyncVisitDto } from './async-visit.views';
import { asyncVisitDtoSchema, asyncVisitRefInputSchema } from './async-visit.schema';
import { clinicianProcedure } from '../../edge/procedures';

export const reviewAsyncVisitProcedure = clinicianProcedure
  .meta({
    openapi: {
      method: 'POST',
      path: '/async-visits/{id}/review',
      tags: ['async-visits'],
      protect: true,
      summary:
        'Pick a submitted visit up for review (under_review); the reviewer becomes its provider',
    },
  })
  .input(asyncVisitRefInputSchema)
  .output(asyncVisitDtoSchema)
  .mutation(async ({ ctx, input }) =>
    asyncVisitDto(
      ctx.services,
      ctx.tenantId,
      await reviewAsyncVisit(ctx.services.deps, {
        tenantId: ctx.tenantId,
        asyncVisitId: input.id,
        providerId: ctx.user.id,
        action: 'start_review',
      }),
    ),
  );
