import { closeAsyncVisit, startAsyncReview } from '../async-visit/async-visit.aggregate';
import type { AsyncVisitRecord } from '../records/async-visit.record';
import { loadAsyncVisit } from './shared/async-visit-store.helper';
import type { CoreDeps } from './shared/use-case-deps.helper';

export type ReviewAsyncVisitDeps = Pick<CoreDeps, 'uow' | 'clock'>;

export interface ReviewAsyncVisitCommand {
  tenantId: string;
  asyncVisitId: string;
  providerId: string;
  action: 'start_review' | 'close';
}

/** Provider picks a submitted visit up for review, or closes a responded one. */
export async function reviewAsyncVisit(
  deps: ReviewAsyncVisitDeps,
  command: ReviewAsyncVisitCommand,
): Promise<AsyncVisitRecord> {
  return deps.uow.run(command.tenantId, async (scope) => {
    const visit = await loadAsyncVisit(scope, command.asyncVisitId);
    const now = deps.clock.now();
    const next =
      command.action === 'start_review'
        ? startAsyncReview(visit, command.providerId, now)
        : closeAsyncVisit(visit, now);
    await scope.asyncVisits.update(next);
    return next;
  });
}
