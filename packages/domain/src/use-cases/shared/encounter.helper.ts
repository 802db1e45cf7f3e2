import {
  fhirFailureReason,
  isFhirRejection,
  type CreateEncounterInput,
  type FhirGatewayPort,
} from '../../ports/fhir-gateway.port';
import type { EncounterRejection } from '../../records/virtual-session.record';
import type { SessionSnapshot } from '../../session/virtual-session.aggregate';
import { modalityBreakdown } from '../../values/modality-durations.value';
import type { CoreDeps } from './use-case-deps.helper';
import { loadSession, saveSession } from './session-store.helper';

export interface EncounterDeps extends CoreDeps {
  fhir: FhirGatewayPort;
}

/**
 * Why an Encounter create failed: an outage (worth retrying later; `reason` names the failure without PHI,
 * see fhirFailureReason) or a permanent rejection, now recorded on the session or async visit.
 */
export type EncounterFailure =
  { kind: 'outage'; reason: string } | { kind: 'rejected'; rejection: EncounterRejection };

export interface EncounterStep {
  snapshot: SessionSnapshot;
  /** This call stored the Encounter id (and raised the billing event). */
  created: boolean;
  /** Null when the Encounter exists, or nothing was tried. */
  failure: EncounterFailure | null;
}

/** Still waiting for its Encounter: ended, none stored, and not refused for good. */
export function awaitsEncounter(snapshot: SessionSnapshot): boolean {
  const { session } = snapshot;
  return (
    session.status === 'ended' &&
    session.encounterId === null &&
    session.encounterRejection === null
  );
}

/**
 * FHIR Encounter saga step for an ended session: conditional create (keyed by session id), then store the id
 * and raise the billing event. An outage leaves encounterId null for the retry job; a permanent rejection is
 * recorded on the session (the retry job then leaves it alone). Neither is an error of the caller's command.
 */
export async function ensureEncounter(
  deps: EncounterDeps,
  tenantId: string,
  ended: SessionSnapshot,
): Promise<EncounterStep> {
  if (!awaitsEncounter(ended)) return { snapshot: ended, created: false, failure: null };
  const { session, participants } = ended;
  const attempt = await attemptEncounter(deps, {
    tenantId,
    sourceId: session.id,
    source: 'virtual_session',
    patientId: session.patientId,
    appointmentId: session.appointmentId,
    practitionerIds: participants.filter((p) => p.role === 'provider').map((p) => p.userId),
    periodStart: session.actualStart ?? session.scheduledStart,
    periodEnd: session.actualEnd ?? deps.clock.now(),
    modalities: modalityBreakdown(session.actualStart, session.actualEnd, session.bandwidthChanges)
      .modalities,
  });
  if ('failure' in attempt) {
    const { failure } = attempt;
    if (failure.kind === 'outage') return { snapshot: ended, created: false, failure };
    const snapshot = await deps.uow.run(tenantId, async (scope) => {
      const aggregate = await loadSession(scope, session.id, deps);
      aggregate.recordEncounterRejection(failure.rejection);
      return saveSession(scope, aggregate);
    });
    return { snapshot, created: false, failure };
  }
  return deps.uow.run(tenantId, async (scope) => {
    const aggregate = await loadSession(scope, session.id, deps);
    const created = aggregate.recordEncounter(attempt.encounterId);
    return { snapshot: await saveSession(scope, aggregate), created, failure: null };
  });
}

/**
 * One conditional create, its failure sorted: an outage (retry later) or a rejection for good, dated now, for the
 * caller to record on the session or async visit it belongs to.
 */
export async function attemptEncounter(
  deps: Pick<EncounterDeps, 'fhir' | 'clock'>,
  input: CreateEncounterInput,
): Promise<{ encounterId: string } | { failure: EncounterFailure }> {
  try {
    return { encounterId: await deps.fhir.createEncounter(input) };
  } catch (error) {
    if (!isFhirRejection(error))
      return { failure: { kind: 'outage', reason: fhirFailureReason(error) } };
    return {
      failure: {
        kind: 'rejected',
        rejection: { at: deps.clock.now(), httpStatus: error.httpStatus, outcome: error.outcome },
      },
    };
  }
}
