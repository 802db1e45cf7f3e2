/** KMS envelope for tenant credentials; plaintext never reaches the database. */
export interface SecretStorePort {
  encrypt(tenantId: string, plaintext: string): Promise<string>;
  decrypt(tenantId: string, ciphertext: string): Promise<string>;
}
