import { DomainError } from '../errors/domain.errors';
import { IN_ROOM_STATUSES } from '../machines/session-participant.machine';
import type { JoinLinkPort } from '../ports/join-link.port';
import type { JoinTokenSignerPort } from '../ports/join-token-signer.port';
import type { VideoProviderPort } from '../ports/video-provider.port';
import type { ParticipantRole, ParticipantStatus } from '../records/session-participant.record';
import type { SessionStatus } from '../records/virtual-session.record';
import { destinationFor, type JoinDestination } from '../session/virtual-session.aggregate';
import { joinTokenValidation } from './shared/join-destination.helper';
import { verifyJoinToken } from './shared/join-token.helper';
import { loadSession, loadTenantConfig } from './shared/session-store.helper';
import type { CoreDeps } from './shared/use-case-deps.helper';

export interface ValidateJoinTokenDeps extends CoreDeps {
  signer: JoinTokenSignerPort;
  video: VideoProviderPort;
  links: JoinLinkPort;
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
}

/**
 * Read-only: checks the token (signature, window, session open, participant not removed) and says where the
 * holder goes. Entering the waiting room is the separate joinSession command.
 */
export async function validateJoinToken(
  deps: ValidateJoinTokenDeps,
  query: ValidateJoinTokenQuery,
): Promise<JoinTokenValidation> {
  const claims = await verifyJoinToken(deps, query.token);
  return deps.uow.read(claims.tenantId, async (scope) => {
    const aggregate = await loadSession(scope, claims.sessionId, deps);
    aggregate.assertOpen();
    const { session } = aggregate.snapshot();
    const participant = aggregate.participant(claims.participantId);
    if (participant.status === 'removed')
      throw new DomainError('PARTICIPANT_REMOVED', 'This participant was removed from the session');
    const destination = IN_ROOM_STATUSES.includes(participant.status)
      ? 'direct_join'
      : destinationFor(participant.role);
    return joinTokenValidation(deps, destination, session, participant, () =>
      loadTenantConfig(scope, deps.clock.now()),
    );
  });
}
