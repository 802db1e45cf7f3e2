import type { JoinTokenClaims } from '../values/join-token.value';

/** HMAC signing of join tokens. */
export interface JoinTokenSignerPort {
  sign(claims: JoinTokenClaims): Promise<string>;
  /**
   * Checks the signature and shape and returns the claims. Throws DomainError TOKEN_INVALID (bad signature
   * or shape); may throw TOKEN_EXPIRED. The validity window is checked again by the domain.
   */
  verify(token: string): Promise<JoinTokenClaims>;
}
