import { DomainError, isDomainError } from '../../errors/domain.errors';
import type { Clock } from '../../ports/clock.port';
import type { JoinTokenSignerPort } from '../../ports/join-token-signer.port';
import { assertWithinWindow, type JoinTokenClaims } from '../../values/join-token.value';

/** Signature via the signer, validity window via the domain; anything unexpected is TOKEN_INVALID. */
export async function verifyJoinToken(
  deps: { signer: JoinTokenSignerPort; clock: Clock },
  token: string,
): Promise<JoinTokenClaims> {
  let claims: JoinTokenClaims;
  try {
    claims = await deps.signer.verify(token);
  } catch (error) {
    if (isDomainError(error, 'TOKEN_EXPIRED') || isDomainError(error, 'TOKEN_INVALID')) throw error;
    throw new DomainError('TOKEN_INVALID', 'The join link is not valid');
  }
  assertWithinWindow(claims, deps.clock.now());
  return claims;
}
