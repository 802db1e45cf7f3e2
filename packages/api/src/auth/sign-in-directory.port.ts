import type { Role } from './role';

/** One tenant membership of a user, as the sign-in needs it. */
export interface SignInMembership {
  tenantId: string;
  tenantName: string;
  role: Role;
}

export interface SignInUserRecord {
  id: string;
  email: string;
  name: string;
  passwordHash: string | null;
  memberships: SignInMembership[];
}

/**
 * What sign-in needs from storage. Implemented over packages/db in the web app;
 * the attempt counters live in the database (not memory) because several web
 * instances share them.
 */
export interface SignInDirectory {
  findUserForSignIn(email: string): Promise<SignInUserRecord | null>;
  recordSignInAttempt(key: string, succeeded: boolean): Promise<void>;
  countRecentSignInFailures(key: string, since: Date): Promise<number>;
}
