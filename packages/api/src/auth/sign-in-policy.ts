/** Limits from the Foundation issue: per account and per client address, in a sliding window. */
export const SIGN_IN_POLICY = {
  windowMs: 15 * 60 * 1000,
  maxFailuresPerAccount: 5,
  maxFailuresPerAddress: 20,
} as const;

/** The only message a failed sign-in ever shows, whatever the reason (no account enumeration). */
export const GENERIC_SIGN_IN_ERROR = 'Email or password is incorrect';

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function accountKey(email: string): string {
  return `account:${normalizeEmail(email)}`;
}

export function addressKey(clientAddress: string): string {
  return `ip:${clientAddress}`;
}
