import { respondToAsyncVisit } from '../async-visit/async-visit.aggregate';
import type { FhirGatewayPort } from '../ports/fhir-gateway.port';
import type { AsyncVisitRecord } from '../records/async-visit.record';
import { ensureAsyncVisitEncounter } from './shared/async-visit-encounter.helper';
import { loadAsyncVisit } from './shared/async-visit-store.helper';
import type { EncounterFailure } from './shared/encounter.helper';
import type { CoreDeps } from './shared/use-case-deps.helper';

export interface RespondAsyncVisitDeps extends Pick<CoreDeps, 'uow' | 'clock'> {
  fhir: FhirGatewayPort;
}

export interface RespondAsyncVisitCommand {
  tenantId: string;
  asyncVisitId: string;
  providerId: string;
  /** What the patient reads. */
  response: string;
}

export interface RespondAsyncVisitResult {
  visit: AsyncVisitRecord;
  /** True when the Encounter could not be created yet (an outage); the worker's retry job will create it. */
  encounterPending: boolean;
  /** Why this call's Encounter create failed, if it did (a rejection is also on the visit). */
  encounterFailure: EncounterFailure | null;
}

/**
 * under_review -> responded, stored first so the patient has the answer whatever the chart service does; then the
 * FHIR Encounter, keyed by the visit id (a retry never makes a second), as a session's end does.
 */
export async function respondAsyncVisit(
  deps: RespondAsyncVisitDeps,
  command: RespondAsyncVisitCommand,
): Promise<RespondAsyncVisitResult> {
  const responded = await deps.uow.run(command.tenantId, async (scope) => {
    const visit = await loadAsyncVisit(scope, command.asyncVisitId);
    const next = respondToAsyncVisit(
      visit,
      { text: command.response, providerId: command.providerId },
      deps.clock.now(),
    );
    await scope.asyncVisits.update(next);
    return next;
  });
  const { visit, failure } = await ensureAsyncVisitEncounter(deps, command.tenantId, responded);
  return { visit, encounterPending: failure?.kind === 'outage', encounterFailure: failure };
}
