import type { JoinTokenSignerPort } from '../ports/join-token-signer.port';
import type { ParticipantStatus } from '../records/session-participant.record';
import type { SessionStatus } from '../records/virtual-session.record';
import { retryOnConflict } from './shared/conflict-retry.helper';
import { verifyJoinToken } from './shared/join-token.helper';
import { loadSession, loadTenantConfig, saveSession } from './shared/session-store.helper';
import type { CoreDeps } from './shared/use-case-deps.helper';

export interface RecordHeartbeatDeps extends CoreDeps {
  signer: JoinTokenSignerPort;
}

export interface RecordHeartbeatCommand {
  token: string;
}

/** Presence ping from the waiting room or the video page; the answer tells the waiting room when it was admitted. */
export async function recordHeartbeat(
  deps: RecordHeartbeatDeps,
  command: RecordHeartbeatCommand,
): Promise<{ participantStatus: ParticipantStatus; sessionStatus: SessionStatus; version: number }> {
  const claims = await verifyJoinToken(deps, command.token);
  return retryOnConflict(() =>
    deps.uow.run(claims.tenantId, async (scope) => {
      const config = await loadTenantConfig(scope, deps.clock.now());
      const aggregate = await loadSession(scope, claims.sessionId, deps);
      const participant = aggregate.heartbeat(claims.participantId, config.graceReconnectSeconds);
      const { session } = await saveSession(scope, aggregate);
      return { participantStatus: participant.status, sessionStatus: session.status, version: session.version };
    }),
  );
}
