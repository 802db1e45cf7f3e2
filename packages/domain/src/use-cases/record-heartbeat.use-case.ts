import type { JoinTokenSignerPort } from '../ports/join-token-signer.port';
import type { ParticipantStatus } from '../records/session-participant.record';
import type { SessionStatus } from '../records/virtual-session.record';
import { retryOnConflict } from './shared/conflict-retry.helper';
import { verifyJoinToken } from './shared/join-token.helper';
import {
  loadSession,
  loadTenantConfig,
  saveSession,
  staleConflict,
} from './shared/session-store.helper';
import type { CoreDeps } from './shared/use-case-deps.helper';

export interface RecordHeartbeatDeps extends CoreDeps {
  signer: JoinTokenSignerPort;
}

export interface RecordHeartbeatCommand {
  token: string;
}

/**
 * Presence ping from the waiting room or the video page; the answer tells the waiting room when it was admitted.
 *
 * A heartbeat that moves a status (admitted -> active, a reconnect) is saved like any command, with a version bump.
 * A plain presence refresh writes only the participant's `last_seen_at`, and only while its status is still the one
 * decided on: the session version stays put (clients holding it for `expectedVersion` are not made stale every few
 * seconds), and a status change committed meanwhile (an admit, a removal, the sweep's disconnect) is never
 * overwritten. If the status did move, the attempt counts as a conflict and is retried from a fresh read.
 */
export async function recordHeartbeat(
  deps: RecordHeartbeatDeps,
  command: RecordHeartbeatCommand,
): Promise<{
  participantStatus: ParticipantStatus;
  sessionStatus: SessionStatus;
  version: number;
}> {
  const claims = await verifyJoinToken(deps, command.token);
  return retryOnConflict(() =>
    deps.uow.run(claims.tenantId, async (scope) => {
      const config = await loadTenantConfig(scope, deps.clock.now());
      const aggregate = await loadSession(scope, claims.sessionId, deps);
      const { participant, transitioned, seenAt } = aggregate.heartbeat(
        claims.participantId,
        config.graceReconnectSeconds,
      );
      if (transitioned) {
        const { session } = await saveSession(scope, aggregate);
        return {
          participantStatus: participant.status,
          sessionStatus: session.status,
          version: session.version,
        };
      }
      if (!(await scope.participants.touchPresence(participant.id, seenAt, participant.status))) {
        // A transition of this participant was committed after our read; its session row holds the new version.
        throw await staleConflict(scope, aggregate.id, aggregate.version);
      }
      return {
        participantStatus: participant.status,
        sessionStatus: aggregate.status,
        version: aggregate.version,
      };
    }),
  );
}
