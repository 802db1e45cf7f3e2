import type { SignInDirectory, SignInUserRecord } from '../src/auth/sign-in-directory.port';

/** In-memory stand-in for the database-backed directory; `now` is shared with the use case's clock. */
export function createFakeDirectory(users: SignInUserRecord[], now: () => Date) {
  const attempts: { key: string; succeeded: boolean; at: Date }[] = [];
  const directory: SignInDirectory = {
    async findUserForSignIn(email) {
      return users.find((u) => u.email === email) ?? null;
    },
    async recordSignInAttempt(key, succeeded) {
      attempts.push({ key, succeeded, at: now() });
    },
    async countRecentSignInFailures(key, since) {
      return attempts.filter((a) => a.key === key && !a.succeeded && a.at >= since).length;
    },
  };
  return { directory, attempts };
}
