import {
  draftAsyncVisit,
  submitAsyncVisitDraft as submit,
  type NewAsyncVisitInput,
} from '../async-visit/async-visit.aggregate';
import type { AsyncVisitRecord } from '../records/async-visit.record';
import type { CoreDeps } from './shared/use-case-deps.helper';

export type SubmitAsyncVisitDeps = CoreDeps;

export type SubmitAsyncVisitCommand = Omit<NewAsyncVisitInput, 'appointmentId' | 'providerId'> & {
  appointmentId?: string | null;
  providerId?: string | null;
};

/**
 * Persists content authored offline. A replay with the same clientMutationId returns the stored visit with
 * created false (the API answers 200 instead of 201) and raises no second event.
 */
export async function submitAsyncVisit(
  deps: SubmitAsyncVisitDeps,
  command: SubmitAsyncVisitCommand,
): Promise<{ visit: AsyncVisitRecord; created: boolean }> {
  return deps.uow.run(command.tenantId, async (scope) => {
    const existing = await scope.asyncVisits.findByClientMutationId(command.clientMutationId);
    if (existing) return { visit: existing, created: false };
    const draft = draftAsyncVisit(
      deps.ids.next('avs'),
      {
        ...command,
        appointmentId: command.appointmentId ?? null,
        providerId: command.providerId ?? null,
      },
      deps.clock.now(),
    );
    const { visit, events } = submit(draft, deps);
    const stored = await scope.asyncVisits.insertIfAbsent(visit);
    // Lost a race with a concurrent replay: the other request raised the event.
    if (stored.created) await scope.outbox.append(events);
    return stored;
  });
}
