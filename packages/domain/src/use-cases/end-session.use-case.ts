import { createAuditEvent } from '../events/audit.events';
import type { SessionSnapshot } from '../session/virtual-session.aggregate';
import {
  ensureEncounter,
  type EncounterDeps,
  type EncounterFailure,
} from './shared/encounter.helper';
import { assertExpectedVersion, loadSession, saveSession } from './shared/session-store.helper';

export type EndSessionDeps = EncounterDeps;

export interface EndSessionCommand {
  tenantId: string;
  sessionId: string;
  actorId: string;
  expectedVersion?: number;
}

export interface EndSessionResult extends SessionSnapshot {
  /** True when the Encounter could not be created yet (an outage); the retry job will reconcile it. */
  encounterPending: boolean;
  /** Why this call's Encounter create failed, if it did (a rejection is also on the session). */
  encounterFailure: EncounterFailure | null;
}

/**
 * Ends the session (idempotent), then creates the FHIR Encounter outside the transaction, so the answer
 * carries its id. The session stays ended even when FHIR fails; billing is emitted only once the Encounter id
 * is known.
 */
export async function endSession(
  deps: EndSessionDeps,
  command: EndSessionCommand,
): Promise<EndSessionResult> {
  const ended = await deps.uow.run(command.tenantId, async (scope) => {
    const aggregate = await loadSession(scope, command.sessionId, deps);
    if (aggregate.status === 'ended') return aggregate.snapshot();
    assertExpectedVersion(aggregate, command.expectedVersion);
    aggregate.end(command.actorId);
    const audit = createAuditEvent(deps, {
      type: 'SESSION_ENDED',
      tenantId: command.tenantId,
      actorId: command.actorId,
      subjectId: aggregate.id,
      details: { durationSeconds: aggregate.durationSeconds() },
    });
    return saveSession(scope, aggregate, [audit]);
  });
  const { snapshot, failure } = await ensureEncounter(deps, command.tenantId, ended);
  return {
    ...snapshot,
    encounterPending: failure?.kind === 'outage',
    encounterFailure: failure,
  };
}
