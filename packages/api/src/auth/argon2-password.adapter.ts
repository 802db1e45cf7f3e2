import { hash, verify } from '@node-rs/argon2';
import type { PasswordVerifier } from './password-verifier.port';

// @node-rs/argon2 defaults to argon2id (m=19456, t=2, p=1: the OWASP baseline).
// Its `Algorithm` is an ambient const enum, which isolatedModules cannot read.

/** Hashes a password with argon2id (used by seeds and tests). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export function createArgon2PasswordVerifier(): PasswordVerifier {
  // Built once, lazily: a real hash with the same parameters, so a dummy verify costs what a real one does.
  let dummyHash: Promise<string> | null = null;
  const getDummyHash = () => (dummyHash ??= hash(`dummy-${Math.random()}`));

  return {
    async verify(passwordHash, password) {
      try {
        return await verify(passwordHash, password);
      } catch {
        // A malformed stored hash is a failed sign-in, not a crash.
        return false;
      }
    },
    async verifyDummy(password) {
      await verify(await getDummyHash(), password).catch(() => false);
    },
  };
}
