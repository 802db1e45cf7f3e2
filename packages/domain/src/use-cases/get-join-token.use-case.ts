import { DomainError } from '../errors/domain.errors';
import type { JoinTokenSignerPort } from '../ports/join-token-signer.port';
import {
  assertWithinWindow,
  claimsFor,
  joinWindow,
  type JoinToken,
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
  const { claims, window } = await deps.uow.read(query.tenantId, async (scope) => {
    const aggregate = await loadSession(scope, query.sessionId, deps);
    aggregate.assertOpen();
    const { session } = aggregate.snapshot();
    const participant = aggregate.participant(query.participantId);
    if (participant.status === 'removed') {
      throw new DomainError('PARTICIPANT_REMOVED', 'Removed participants need a new invitation');
    }
    const config = await loadTenantConfig(scope, deps.clock.now());
    const window = joinWindow(session, config);
    const claims = claimsFor(
      {
        tenantId: query.tenantId,
        sessionId: session.id,
        participantId: participant.id,
        role: participant.role,
      },
      window,
    );
    return { claims, window };
  });
  // Issuing a token that could never be used would only confuse the patient.
  assertWithinWindow({ ...claims, nbf: Number.NEGATIVE_INFINITY }, deps.clock.now());
  return {
    token: await deps.signer.sign(claims),
    expiresAt: window.expiresAt,
    notBefore: window.notBefore,
    participantId: claims.participantId,
  };
}
