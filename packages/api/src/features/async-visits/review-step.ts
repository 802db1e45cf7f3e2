import { reviewAsyncVisit, type ReviewAsyncVisitCommand } from '@virtual-care/domain';
import { asyncVisitDto } from './async-visit.views';
import type { AsyncVisitDto } from './async-visit.schema';
import type { ApiServices } from '../../composition/services';

interface ReviewStepCall {
  ctx: { services: ApiServices; tenantId: string; user: { id: string } };
  input: { id: string };
}

/** One step of the clinician's review (start it, or close the visit) by the signed-in clinician, as the DTO. */
export function reviewStep(action: ReviewAsyncVisitCommand['action']) {
  return async ({ ctx, input }: ReviewStepCall): Promise<AsyncVisitDto> =>
    asyncVisitDto(
      ctx.services,
      ctx.tenantId,
      await reviewAsyncVisit(ctx.services.deps, {
        tenantId: ctx.tenantId,
        asyncVisitId: input.id,
        providerId: ctx.user.id,
        action,
      }),
    );
}
