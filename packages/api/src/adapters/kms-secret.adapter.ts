import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DomainError, type SecretStorePort } from '@virtual-care/domain';
import { parseKeyring } from './keyring';

/**
 * SecretStorePort with envelope encryption (tenant Jitsi JWT secrets and other credentials, US-010).
 *
 * Per secret: a fresh random 256-bit data key encrypts the plaintext with AES-256-GCM, the tenant id as
 * additional authenticated data (a ciphertext copied to another tenant does not decrypt). The data key
 * is wrapped by a key-encryption service, and the stored string names the wrapping key:
 *
 *     v1.<masterKeyId>.<wrappedKey b64url>.<iv b64url>.<ciphertext+tag b64url>
 *
 * so the master key can rotate: new secrets use the current key, old ones still open with theirs, and
 * `rewrap` moves a stored value to the current key without touching the plaintext's encryption.
 *
 * Wrapping goes through `KeyWrapper`. `masterKeyWrapper` wraps locally with AES-256-GCM under a master
 * key from SECRET_STORE_MASTER_KEY / SECRET_STORE_MASTER_KEY_FILE. A cloud KMS implements the same
 * interface: `wrapKey` = KMS Encrypt (AWS KMS Encrypt / GCP cloudkms encrypt / Azure Key Vault wrapKey)
 * of the 32-byte data key under the key id, with `aad` as the encryption context / AAD; `unwrapKey` =
 * the matching Decrypt/unwrapKey; `currentKeyId` = the key alias or version to use for new secrets. Key
 * ids must match [A-Za-z0-9_-]+ (map ARNs or resource names to such aliases).
 */

export interface KeyWrapper {
  currentKeyId(): string;
  wrapKey(keyId: string, dataKey: Buffer, aad: Buffer): Promise<Buffer>;
  unwrapKey(keyId: string, wrapped: Buffer, aad: Buffer): Promise<Buffer>;
}

/** Where local master keys come from. */
export interface MasterKeyProvider {
  currentKeyId(): string;
  /** The 32-byte key, or undefined when this id is unknown (e.g. retired). */
  getKey(id: string): Buffer | undefined;
}

export interface KmsSecretStore extends SecretStorePort {
  /** Re-wraps the data key under the current master key (rotation). Returns the input when already current. */
  rewrap(ciphertext: string): Promise<string>;
  /** The master key id a stored value is wrapped with. */
  keyIdOf(ciphertext: string): string;
}

const VERSION = 'v1';
const KEY_ID = /^[A-Za-z0-9_-]{1,64}$/;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Parses `id:base64-32-bytes[,older-id:base64-32-bytes...]`, the first being current. */
export function parseMasterKeys(
  value: string,
  source = 'SECRET_STORE_MASTER_KEY',
): MasterKeyProvider {
  const { currentKid, keys } = parseKeyring(value, {
    source,
    kid: KEY_ID,
    encoding: 'base64',
    bytes: { exact: 32 },
  });
  return { currentKeyId: () => currentKid, getKey: (id) => keys.get(id) };
}

/**
 * Master keys from the environment: SECRET_STORE_MASTER_KEY, or SECRET_STORE_MASTER_KEY_FILE naming a
 * file that holds the same format (for mounted secrets). Exactly one must be set.
 */
export function masterKeysFromEnv(env: Record<string, string | undefined>): MasterKeyProvider {
  const inline = env.SECRET_STORE_MASTER_KEY?.trim();
  const file = env.SECRET_STORE_MASTER_KEY_FILE?.trim();
  if (inline && file)
    throw new Error('Set SECRET_STORE_MASTER_KEY or SECRET_STORE_MASTER_KEY_FILE, not both');
  if (inline) return parseMasterKeys(inline);
  if (file)
    return parseMasterKeys(readFileSync(file, 'utf8').trim(), 'SECRET_STORE_MASTER_KEY_FILE');
  throw new Error(
    'SECRET_STORE_MASTER_KEY or SECRET_STORE_MASTER_KEY_FILE must be set (format "id:base64-32-bytes")',
  );
}

/** KeyWrapper that wraps data keys locally with AES-256-GCM under master keys. */
export function masterKeyWrapper(provider: MasterKeyProvider): KeyWrapper {
  const keyFor = (id: string): Buffer => {
    const key = provider.getKey(id);
    if (!key) throw new Error(`secret store: master key ${id} is not available`);
    return key;
  };
  return {
    currentKeyId: () => provider.currentKeyId(),
    wrapKey: (keyId, dataKey, aad) =>
      Promise.resolve().then(() => seal(keyFor(keyId), dataKey, aad)),
    unwrapKey: (keyId, wrapped, aad) =>
      Promise.resolve().then(() => open(keyFor(keyId), wrapped, aad)),
  };
}

export function createKmsSecretStore(deps: { keyWrapper: KeyWrapper }): KmsSecretStore {
  const { keyWrapper } = deps;
  // The wrap is bound to the format version and key id, not to the tenant, so rotation needs no tenant.
  const wrapAad = (keyId: string): Buffer =>
    Buffer.from(`virtual-care-secret-store:${VERSION}:${keyId}`, 'utf8');

  async function unwrap(parts: StoredParts): Promise<Buffer> {
    try {
      return await keyWrapper.unwrapKey(parts.keyId, parts.wrappedKey, wrapAad(parts.keyId));
    } catch {
      throw undecryptable();
    }
  }

  return {
    async encrypt(tenantId, plaintext) {
      const keyId = keyWrapper.currentKeyId();
      const dataKey = randomBytes(32);
      try {
        const sealed = seal(dataKey, Buffer.from(plaintext, 'utf8'), Buffer.from(tenantId, 'utf8'));
        const wrappedKey = await keyWrapper.wrapKey(keyId, dataKey, wrapAad(keyId));
        const iv = sealed.subarray(0, IV_BYTES);
        const body = sealed.subarray(IV_BYTES);
        return [VERSION, keyId, b64(wrappedKey), b64(iv), b64(body)].join('.');
      } finally {
        dataKey.fill(0);
      }
    },

    async decrypt(tenantId, ciphertext) {
      const parts = parseStored(ciphertext);
      const dataKey = await unwrap(parts);
      try {
        return open(
          dataKey,
          Buffer.concat([parts.iv, parts.body]),
          Buffer.from(tenantId, 'utf8'),
        ).toString('utf8');
      } catch {
        throw undecryptable();
      } finally {
        dataKey.fill(0);
      }
    },

    async rewrap(ciphertext) {
      const parts = parseStored(ciphertext);
      const currentId = keyWrapper.currentKeyId();
      if (parts.keyId === currentId) return ciphertext;
      const dataKey = await unwrap(parts);
      try {
        const wrappedKey = await keyWrapper.wrapKey(currentId, dataKey, wrapAad(currentId));
        return [VERSION, currentId, b64(wrappedKey), b64(parts.iv), b64(parts.body)].join('.');
      } finally {
        dataKey.fill(0);
      }
    },

    keyIdOf: (ciphertext) => parseStored(ciphertext).keyId,
  };
}

interface StoredParts {
  keyId: string;
  wrappedKey: Buffer;
  iv: Buffer;
  body: Buffer;
}

function parseStored(value: string): StoredParts {
  const parts = value.split('.');
  const [version, keyId, wrapped, iv, body] = parts;
  if (
    parts.length !== 5 ||
    version !== VERSION ||
    !keyId ||
    !KEY_ID.test(keyId) ||
    !wrapped ||
    !iv ||
    !body
  ) {
    throw new DomainError('VALIDATION_FAILED', 'Stored secret is not in the v1 envelope format');
  }
  const parsed = {
    keyId,
    wrappedKey: Buffer.from(wrapped, 'base64url'),
    iv: Buffer.from(iv, 'base64url'),
    body: Buffer.from(body, 'base64url'),
  };
  if (parsed.iv.length !== IV_BYTES || parsed.body.length < TAG_BYTES) {
    throw new DomainError('VALIDATION_FAILED', 'Stored secret is not in the v1 envelope format');
  }
  return parsed;
}

/** AES-256-GCM: returns iv | ciphertext | tag. */
function seal(key: Buffer, plaintext: Buffer, aad: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  return Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

/** Inverse of `seal`; throws when the key, the AAD or any byte is wrong. */
function open(key: Buffer, sealed: Buffer, aad: Buffer): Buffer {
  if (sealed.length < IV_BYTES + TAG_BYTES) throw new Error('sealed value too short');
  const iv = sealed.subarray(0, IV_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  return Buffer.concat([
    decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)),
    decipher.final(),
  ]);
}

function b64(buffer: Buffer): string {
  return buffer.toString('base64url');
}

function undecryptable(): DomainError {
  // Wrong tenant, wrong or retired master key, or tampering: one answer, no detail that helps an attacker.
  return new DomainError('INTERNAL', 'A stored secret could not be decrypted');
}
