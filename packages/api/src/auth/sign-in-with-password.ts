import { selectActiveTenant } from './active-membership';
import type { PasswordVerifier } from './password-verifier.port';
import type { Role } from './role';
import type { SignInDirectory } from './sign-in-directory.port';
import {
  GENERIC_SIGN_IN_ERROR,
  SIGN_IN_POLICY,
  accountKey,
  addressKey,
  normalizeEmail,
} from './sign-in-policy';

export interface SignInDeps {
  directory: SignInDirectory;
  passwords: PasswordVerifier;
  now: () => Date;
}

export interface SignInCommand {
  email: string;
  password: string;
  clientAddress: string;
  preferredTenantId?: string | null;
}

export interface SignedInUser {
  id: string;
  email: string;
  name: string;
  tenantId: string;
  tenantName: string;
  roles: Role[];
}

/** `reason` is for logs and tests only; users always see `message`. */
export type SignInFailureReason = 'invalid_credentials' | 'rate_limited' | 'no_membership';

export type SignInResult =
  | { ok: true; user: SignedInUser }
  | { ok: false; reason: SignInFailureReason; message: typeof GENERIC_SIGN_IN_ERROR };

const fail = (reason: SignInFailureReason): SignInResult => ({
  ok: false,
  reason,
  message: GENERIC_SIGN_IN_ERROR,
});

export async function signInWithPassword(
  deps: SignInDeps,
  command: SignInCommand,
): Promise<SignInResult> {
  const email = normalizeEmail(command.email);
  const keys = { account: accountKey(email), address: addressKey(command.clientAddress) };
  const since = new Date(deps.now().getTime() - SIGN_IN_POLICY.windowMs);

  const [accountFailures, addressFailures] = await Promise.all([
    deps.directory.countRecentSignInFailures(keys.account, since),
    deps.directory.countRecentSignInFailures(keys.address, since),
  ]);
  // Refused attempts are not recorded: the lock lifts 15 minutes after the last real failure.
  if (
    accountFailures >= SIGN_IN_POLICY.maxFailuresPerAccount ||
    addressFailures >= SIGN_IN_POLICY.maxFailuresPerAddress
  ) {
    return fail('rate_limited');
  }

  const user = email && command.password ? await deps.directory.findUserForSignIn(email) : null;
  let passwordOk = false;
  if (user?.passwordHash) {
    passwordOk = await deps.passwords.verify(user.passwordHash, command.password);
  } else {
    // Same work whether or not the account exists, so timing does not reveal it.
    await deps.passwords.verifyDummy(command.password);
  }

  if (!user || !passwordOk) {
    await Promise.all([
      deps.directory.recordSignInAttempt(keys.account, false),
      deps.directory.recordSignInAttempt(keys.address, false),
    ]);
    return fail('invalid_credentials');
  }

  await deps.directory.recordSignInAttempt(keys.account, true);
  const active = selectActiveTenant(user.memberships, command.preferredTenantId);
  if (!active) return fail('no_membership');

  return {
    ok: true,
    user: { id: user.id, email: user.email, name: user.name, ...active },
  };
}
