import { createAuditEvent } from '../events/audit.events';
import type { VirtualSessionParticipantRecord } from '../records/session-participant.record';
import type { SessionSnapshot } from '../session/virtual-session.aggregate';
import { assertExpectedVersion, loadSession, saveSession } from './shared/session-store.helper';
import type { CoreDeps } from './shared/use-case-deps.helper';

export type RemoveParticipantDeps = CoreDeps;

export interface RemoveParticipantCommand {
  tenantId: string;
  sessionId: string;
  participantId: string;
  actorId: string;
  reason: string;
  expectedVersion?: number;
}

export interface RemoveParticipantResult {
  participant: VirtualSessionParticipantRecord;
  /** The session as saved by the removal. */
  snapshot: SessionSnapshot;
}

/** Removal is final for this participant record; rejoining needs a new invitation and token. */
export async function removeParticipant(
  deps: RemoveParticipantDeps,
  command: RemoveParticipantCommand,
): Promise<RemoveParticipantResult> {
  return deps.uow.run(command.tenantId, async (scope) => {
    const aggregate = await loadSession(scope, command.sessionId, deps);
    assertExpectedVersion(aggregate, command.expectedVersion);
    const removed = aggregate.remove(command.participantId, command.actorId, command.reason);
    const audit = createAuditEvent(deps, {
      type: 'PARTICIPANT_REMOVED',
      tenantId: command.tenantId,
      actorId: command.actorId,
      subjectId: removed.id,
      details: { sessionId: aggregate.id, role: removed.role },
    });
    return { participant: removed, snapshot: await saveSession(scope, aggregate, [audit]) };
  });
}
