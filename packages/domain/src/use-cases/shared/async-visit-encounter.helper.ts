import {
  awaitsAsyncVisitEncounter,
  recordAsyncVisitEncounter,
  recordAsyncVisitEncounterRejection,
} from '../../async-visit/async-visit.aggregate';
import type { AsyncVisitRecord } from '../../records/async-visit.record';
import { loadAsyncVisit } from './async-visit-store.helper';
import { attemptEncounter, type EncounterDeps, type EncounterFailure } from './encounter.helper';

export interface AsyncVisitEncounterStep {
  visit: AsyncVisitRecord;
  /** This call stored the Encounter id. */
  created: boolean;
  /** Null when the Encounter exists, or nothing was tried. */
  failure: EncounterFailure | null;
}

/**
 * The FHIR Encounter of an answered async visit: conditional create keyed by the visit id, then the id stored. An
 * outage leaves encounterId null for the worker's retry; a permanent rejection is recorded on the visit, which the
 * retry then leaves alone. The response is already kept either way.
 */
export async function ensureAsyncVisitEncounter(
  deps: Pick<EncounterDeps, 'uow' | 'fhir' | 'clock'>,
  tenantId: string,
  visit: AsyncVisitRecord,
): Promise<AsyncVisitEncounterStep> {
  if (!awaitsAsyncVisitEncounter(visit)) return { visit, created: false, failure: null };
  const attempt = await attemptEncounter(deps, {
    tenantId,
    sourceId: visit.id,
    source: 'async_visit',
    patientId: visit.patientId,
    appointmentId: visit.appointmentId,
    // A visit answered before responders were recorded (an imported one) may name no provider.
    practitionerIds: visit.providerId ? [visit.providerId] : [],
    periodStart: visit.submittedAt ?? visit.createdAt,
    periodEnd: visit.respondedAt,
  });
  if ('encounterId' in attempt) {
    const { encounterId } = attempt;
    return store(deps, tenantId, visit.id, null, (fresh) =>
      recordAsyncVisitEncounter(fresh, encounterId, deps.clock.now()),
    );
  }
  const { failure } = attempt;
  if (failure.kind === 'outage') return { visit, created: false, failure };
  return store(deps, tenantId, visit.id, failure, (fresh) =>
    recordAsyncVisitEncounterRejection(fresh, failure.rejection),
  );
}

/** Records the outcome on the visit as it is now; another worker (or request) that got there first stands. */
function store(
  deps: Pick<EncounterDeps, 'uow'>,
  tenantId: string,
  visitId: string,
  failure: EncounterFailure | null,
  record: (fresh: AsyncVisitRecord) => AsyncVisitRecord,
): Promise<AsyncVisitEncounterStep> {
  return deps.uow.run(tenantId, async (scope) => {
    const fresh = await loadAsyncVisit(scope, visitId);
    if (!awaitsAsyncVisitEncounter(fresh)) return { visit: fresh, created: false, failure: null };
    const next = record(fresh);
    await scope.asyncVisits.update(next);
    return { visit: next, created: failure === null, failure };
  });
}
