import { DomainError } from '../errors/domain.errors';
import type { SessionSnapshot } from '../session/virtual-session.aggregate';
import { ensureEncounter, type EncounterDeps } from './shared/encounter.helper';
import { loadSession } from './shared/session-store.helper';

export type RetryEncounterDeps = EncounterDeps;

export interface RetryEncounterCommand {
  tenantId: string;
  sessionId: string;
}

/** The worker's reconciliation of the FHIR Encounter saga for an ended session with encounterId null. */
export async function retryEncounter(
  deps: RetryEncounterDeps,
  command: RetryEncounterCommand,
): Promise<{ snapshot: SessionSnapshot; created: boolean; pending: boolean }> {
  const current = await deps.uow.read(command.tenantId, async (scope) =>
    (await loadSession(scope, command.sessionId, deps)).snapshot(),
  );
  if (current.session.status !== 'ended') {
    throw new DomainError('INVALID_STATUS_TRANSITION', 'Only ended sessions get an Encounter', {
      currentStatus: current.session.status,
    });
  }
  const { snapshot, created } = await ensureEncounter(deps, command.tenantId, current);
  return { snapshot, created, pending: snapshot.session.encounterId === null };
}
