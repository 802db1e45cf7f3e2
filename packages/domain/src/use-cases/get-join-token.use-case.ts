import { DomainError } from '../errors/domain.errors';
import type { JoinTokenSignerPort } from '../ports/join-token-signer.port';
import type { TenantScope } from '../ports/unit-of-work.port';
import type { VirtualSession } from '../session/virtual-session.aggregate';
import {
  assertWithinWindow,
  claimsFor,
  joinWindow,
  type JoinToken,
  type JoinTokenClaims,
  type JoinWindow,
} from '../values/join-token.value';
import { loadSession, loadTenantConfig } from './shared/session-store.helper';
import type { CoreDeps } from './shared/use-case-deps.helper';

export interface GetJoinTokenDeps extends CoreDeps {
  signer: JoinTokenSignerPort;
}

export interface GetJoinTokenQuery {
  tenantId: string;
  sessionId: string;
  participantId: string;
}

/** Issues (or re-issues) a participant's HMAC join token, valid for the session's join window. */
export async function getJoinToken(
  deps: GetJoinTokenDeps,
  query: GetJoinTokenQuery,
): Promise<JoinToken & { notBefore: Date }> {
  const claimed = await deps.uow.read(query.tenantId, async (scope) =>
    joinClaimsWithin(
      scope,
      deps,
      await loadSession(scope, query.sessionId, deps),
      query.participantId,
    ),
  );
  return signJoinToken(deps, claimed);
}

/**
 * The claims of a participant's join token, read in the caller's unit of work: the session must be open and the
 * participant not removed; the window is the session's, by the tenant's grace settings.
 */
export async function joinClaimsWithin(
  scope: TenantScope,
  deps: CoreDeps,
  aggregate: VirtualSession,
  participantId: string,
): Promise<{ claims: JoinTokenClaims; window: JoinWindow }> {
  aggregate.assertOpen();
  const { session } = aggregate.snapshot();
  const participant = aggregate.participant(participantId);
  if (participant.status === 'removed') {
    throw new DomainError('PARTICIPANT_REMOVED', 'Removed participants need a new invitation');
  }
  const config = await loadTenantConfig(scope, deps.clock.now());
  const window = joinWindow(session, config);
  const claims = claimsFor(
    {
      tenantId: session.tenantId,
      sessionId: session.id,
      participantId: participant.id,
      role: participant.role,
    },
    window,
  );
  return { claims, window };
}

/** Signs the claims, outside any transaction; a token that could never be used would only confuse the patient. */
export async function signJoinToken(
  deps: GetJoinTokenDeps,
  { claims, window }: { claims: JoinTokenClaims; window: JoinWindow },
): Promise<JoinToken & { notBefore: Date }> {
  assertWithinWindow({ ...claims, nbf: Number.NEGATIVE_INFINITY }, deps.clock.now());
  return {
    token: await deps.signer.sign(claims),
    expiresAt: window.expiresAt,
    notBefore: window.notBefore,
    participantId: claims.participantId,
  };
}
