import { selectActiveTenant } from './active-membership';
import type { SignedInUser } from './sign-in-with-password';
import type { SignInDirectory } from './sign-in-directory.port';
import { normalizeEmail } from './sign-in-policy';

/**
 * An organisation's identity provider (OIDC) vouched for this email. We still
 * only admit people we know: the account and its tenant memberships come from
 * our directory, never from the provider's claims. An email the provider has not verified (`email_verified`
 * false or absent, as some providers send for self-registered accounts) vouches for nothing: anyone could have
 * typed a clinician's address there.
 */
export async function signInWithIdentityProvider(
  directory: SignInDirectory,
  claims: { email: string | null | undefined; emailVerified: boolean | undefined },
  preferredTenantId?: string | null,
): Promise<SignedInUser | null> {
  if (!claims.email || claims.emailVerified !== true) return null;
  const user = await directory.findUserForSignIn(normalizeEmail(claims.email));
  if (!user) return null;
  const active = selectActiveTenant(user.memberships, preferredTenantId);
  if (!active) return null;
  return { id: user.id, email: user.email, name: user.name, ...active };
}
