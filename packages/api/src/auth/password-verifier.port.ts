/** Verifies passwords against stored hashes; `verifyDummy` burns the same time when there is no hash. */
export interface PasswordVerifier {
  verify(passwordHash: string, password: string): Promise<boolean>;
  verifyDummy(password: string): Promise<void>;
}
