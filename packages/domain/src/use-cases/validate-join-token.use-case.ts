import type { JoinLinkPort } from '../ports/join-link.port';
import type { JoinTokenSignerPort } from '../ports/join-token-signer.port';
import type { RecentSessionsPort } from '../ports/recent-sessions.port';
import type { VideoProviderPort } from '../ports/video-provider.port';
import type {
  ParticipantRole,
  ParticipantStatus,
  VirtualSessionParticipantRecord,
} from '../records/session-participant.record';
import type { SessionStatus, VirtualSessionRecord } from '../records/virtual-session.record';
import {
  VirtualSession,
  type AggregateContext,
  type JoinDestination,
  type SessionSnapshot,
} from '../session/virtual-session.aggregate';
import { joinTokenValidation } from './shared/join-destination.helper';
import { verifyJoinToken } from './shared/join-token.helper';
import { loadTenantConfig, sessionOfTenant } from './shared/session-store.helper';
import type { CoreDeps } from './shared/use-case-deps.helper';

export interface ValidateJoinTokenDeps extends CoreDeps {
  signer: JoinTokenSignerPort;
  video: VideoProviderPort;
  links: JoinLinkPort;
  /** When given, a link that leads to the waiting room may be answered from memory (decision 0011). */
  recentSessions?: RecentSessionsPort;
}

export interface ValidateJoinTokenQuery {
  token: string;
}

export interface JoinTokenValidation {
  destination: JoinDestination;
  url: string;
  sessionStatus: SessionStatus;
  tenantId: string;
  sessionId: string;
  participantId: string;
  role: ParticipantRole;
  participantStatus: ParticipantStatus;
  /** The records the answer was decided on, for callers that show more of them (the waiting room's poll). */
  session: VirtualSessionRecord;
  participant: VirtualSessionParticipantRecord;
}

/**
 * Read-only: checks the token (signature, window, session open, participant not removed) and says where the
 * holder goes. Entering the waiting room is the separate joinSession command.
 *
 * With `recentSessions`, a session recalled from memory may answer, but only with what grants nothing: the waiting
 * room (whose own requests read afresh) or a refusal for a closed session or a removed participant (both final).
 * Anything that signs video credentials is decided on a fresh read.
 */
export async function validateJoinToken(
  deps: ValidateJoinTokenDeps,
  query: ValidateJoinTokenQuery,
): Promise<JoinTokenValidation> {
  const claims = await verifyJoinToken(deps, query.token);
  const recalled = deps.recentSessions?.recall(claims.tenantId, claims.sessionId);
  if (recalled?.participants.some((p) => p.id === claims.participantId)) {
    const { session, participant, destination } = decide(recalled, claims.participantId, deps);
    if (destination === 'waiting_room')
      return joinTokenValidation(deps, destination, session, participant, noConfigNeeded);
  }
  return deps.uow.read(claims.tenantId, async (scope) => {
    const read = () => scope.sessions.findWithParticipants(claims.sessionId);
    const found = deps.recentSessions
      ? await deps.recentSessions.readThrough(claims.tenantId, claims.sessionId, read)
      : await read();
    const { session, participant, destination } = decide(
      sessionOfTenant(found, scope.tenantId, claims.sessionId),
      claims.participantId,
      deps,
    );
    return joinTokenValidation(deps, destination, session, participant, () =>
      loadTenantConfig(scope, deps.clock.now()),
    );
  });
}

const noConfigNeeded = () => Promise.reject(new Error('the waiting room needs no tenant config'));

/** Where the participant goes; refuses a closed session and a removed participant. */
function decide(snapshot: SessionSnapshot, participantId: string, ctx: AggregateContext) {
  const aggregate = VirtualSession.rehydrate(snapshot, ctx);
  return { session: aggregate.snapshot().session, ...aggregate.whereTo(participantId) };
}
