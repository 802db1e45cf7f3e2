import { DomainError } from '../errors/domain.errors';
import { OPEN_SESSION_STATUSES } from '../machines/virtual-session.machine';
import type { JoinTokenSignerPort } from '../ports/join-token-signer.port';
import type { PresencePort } from '../ports/presence.port';
import type { ParticipantStatus } from '../records/session-participant.record';
import type { SessionStatus } from '../records/virtual-session.record';
import { PRESENCE_ONLY_STATUSES, type VirtualSession } from '../session/virtual-session.aggregate';
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
  /** The one-statement refresh of a heartbeat that moves nothing; without it every heartbeat loads the session. */
  presence?: PresencePort;
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
 *
 * The plain refresh, by far the most frequent (every waiting patient, every few seconds), is tried first as one
 * statement guarded by the statuses in which `heartbeat` moves nothing (`presence`); anything else (an admitted
 * patient arriving, a reconnect, a closed session, a removal) finds that guard unmet and takes the path above.
 */
export async function recordHeartbeat(
  deps: RecordHeartbeatDeps,
  command: RecordHeartbeatCommand,
): Promise<PresenceAnswer> {
  const claims = await verifyJoinToken(deps, command.token);
  const refreshed = await deps.presence?.refresh(claims.tenantId, {
    sessionId: claims.sessionId,
    participantId: claims.participantId,
    seenAt: deps.clock.now(),
    participantStatuses: PRESENCE_ONLY_STATUSES,
    sessionStatuses: OPEN_SESSION_STATUSES,
  });
  if (refreshed) return refreshed;
  return heartbeatOf(deps, claims.tenantId, claims.sessionId, () => claims.participantId);
}

export interface RecordProviderHeartbeatCommand {
  tenantId: string;
  sessionId: string;
  /** The signed-in clinician: their sign-in is the credential, their provider participant the one kept present. */
  userId: string;
}

/**
 * The clinician's presence from the visit room, like the patient's from the join page: without it the sweep
 * would take a clinician in a long visit for gone and fail the session after the grace window.
 */
export async function recordProviderHeartbeat(
  deps: CoreDeps,
  command: RecordProviderHeartbeatCommand,
): Promise<PresenceAnswer> {
  return heartbeatOf(deps, command.tenantId, command.sessionId, (aggregate) => {
    const mine = aggregate
      .snapshot()
      .participants.find(
        (p) => p.role === 'provider' && p.userId === command.userId && p.status !== 'removed',
      );
    if (!mine) throw new DomainError('NOT_FOUND', 'You are not in this visit');
    return mine.id;
  });
}

export interface PresenceAnswer {
  participantStatus: ParticipantStatus;
  sessionStatus: SessionStatus;
  version: number;
}

function heartbeatOf(
  deps: CoreDeps,
  tenantId: string,
  sessionId: string,
  participantOf: (aggregate: VirtualSession) => string,
): Promise<PresenceAnswer> {
  return retryOnConflict(() =>
    deps.uow.run(tenantId, async (scope) => {
      const config = await loadTenantConfig(scope, deps.clock.now());
      const aggregate = await loadSession(scope, sessionId, deps);
      const { participant, transitioned, seenAt } = aggregate.heartbeat(
        participantOf(aggregate),
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
