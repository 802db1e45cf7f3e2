import { reviewAsyncVisit } from '@virtual-care/domain';
import { asyncVisitDto } from './async-visit.views';
import { asyncVisitDtoSchema, asyncVisitRefInputSchema } from './async-visit.schema';
import { clinicianProcedure } from '../../edge/procedures';

export const closeAsyncVisitProcedure = clinicianProcedure
  .meta({
    openapi: {
      method: 'POST',
      path: '/async-visits/{id}/close',
      tags: ['async-visits'],
      protect: true,
      summary: 'Close a responded visit',
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
        action: 'close',
      }),
    ),
  );
