import { DomainError } from '../errors/domain.errors';
import {
  awaitsEncounter,
  ensureEncounter,
  type EncounterDeps,
  type EncounterStep,
} from './shared/encounter.helper';
import { loadSession } from './shared/session-store.helper';

export type { EncounterFailure, EncounterStep } from './shared/encounter.helper';
export type RetryEncounterDeps = EncounterDeps;

export interface RetryEncounterCommand {
  tenantId: string;
  sessionId: string;
}

/**
 * The worker's reconciliation of the FHIR Encounter saga for an ended session still awaiting its Encounter.
 * `pending`: still awaiting it after an outage (stop the pass, try later); `failure` also tells a permanent
 * rejection (recorded on the session, which is not retried again: go on with the next).
 */
export async function retryEncounter(
  deps: RetryEncounterDeps,
  command: RetryEncounterCommand,
): Promise<EncounterStep & { pending: boolean }> {
  const current = await deps.uow.read(command.tenantId, async (scope) =>
    (await loadSession(scope, command.sessionId, deps)).snapshot(),
  );
  if (current.session.status !== 'ended') {
    throw new DomainError('INVALID_STATUS_TRANSITION', 'Only ended sessions get an Encounter', {
      currentStatus: current.session.status,
    });
  }
  const step = await ensureEncounter(deps, command.tenantId, current);
  return { ...step, pending: awaitsEncounter(step.snapshot) };
}
