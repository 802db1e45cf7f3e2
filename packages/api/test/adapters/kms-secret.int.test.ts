import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createKmsSecretStore,
  masterKeyWrapper,
  masterKeysFromEnv,
  parseMasterKeys,
} from '../../src/adapters/kms-secret.adapter';

const masterKey = () => randomBytes(32).toString('base64');

describe('envelope secret store (US-007, US-010)', () => {
  const mk1 = masterKey();
  const store = createKmsSecretStore({
    keyWrapper: masterKeyWrapper(parseMasterKeys(`mk1:${mk1}`)),
  });
  const secret = 'jitsi-app-secret-DO-NOT-LEAK-1234567890';

  it('round trip', async () => {
    const ciphertext = await store.encrypt('tnt_a', secret);
    expect(await store.decrypt('tnt_a', ciphertext)).toBe(secret);
  });

  it('versioned envelope without the plaintext in any encoding; each encryption differs', async () => {
    const ciphertext = await store.encrypt('tnt_a', secret);
    expect(ciphertext).toMatch(/^v1\.mk1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    for (const encoding of ['utf8', 'base64', 'base64url', 'hex'] as const) {
      expect(ciphertext).not.toContain(Buffer.from(secret).toString(encoding).slice(0, 16));
    }
    expect(await store.encrypt('tnt_a', secret)).not.toBe(ciphertext);
  });

  it('another tenant (AAD) cannot decrypt', async () => {
    const ciphertext = await store.encrypt('tnt_a', secret);
    await expect(store.decrypt('tnt_b', ciphertext)).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('a tampered ciphertext does not decrypt', async () => {
    const ciphertext = await store.encrypt('tnt_a', secret);
    const parts = ciphertext.split('.');
    const body = Buffer.from(parts[4]!, 'base64url');
    body[0] = body[0]! ^ 1;
    parts[4] = body.toString('base64url');
    await expect(store.decrypt('tnt_a', parts.join('.'))).rejects.toMatchObject({
      code: 'INTERNAL',
    });
    await expect(store.decrypt('tnt_a', 'not-an-envelope')).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });

  it('rewrap moves an old secret to the new master key; the old key can then retire', async () => {
    const oldCiphertext = await store.encrypt('tnt_a', secret);
    const mk2 = masterKey();
    const rotated = createKmsSecretStore({
      keyWrapper: masterKeyWrapper(parseMasterKeys(`mk2:${mk2},mk1:${mk1}`)),
    });
    expect(await rotated.decrypt('tnt_a', oldCiphertext)).toBe(secret);
    const rewrapped = await rotated.rewrap(oldCiphertext);
    expect(rotated.keyIdOf(rewrapped)).toBe('mk2');
    expect(await rotated.rewrap(rewrapped)).toBe(rewrapped);
    // Only mk2 left: the rewrapped value opens, the old one no longer does.
    const mk2Only = createKmsSecretStore({
      keyWrapper: masterKeyWrapper(parseMasterKeys(`mk2:${mk2}`)),
    });
    expect(await mk2Only.decrypt('tnt_a', rewrapped)).toBe(secret);
    await expect(mk2Only.decrypt('tnt_a', oldCiphertext)).rejects.toMatchObject({
      code: 'INTERNAL',
    });
  });

  it('reads master keys from SECRET_STORE_MASTER_KEY or a file; refuses bad ones', () => {
    expect(
      masterKeysFromEnv({
        SECRET_STORE_MASTER_KEY: `a:${masterKey()},b:${masterKey()}`,
      }).currentKeyId(),
    ).toBe('a');
    const dir = mkdtempSync(join(tmpdir(), 'vc-mk-'));
    try {
      writeFileSync(join(dir, 'key'), `filekey:${masterKey()}\n`);
      expect(
        masterKeysFromEnv({ SECRET_STORE_MASTER_KEY_FILE: join(dir, 'key') }).currentKeyId(),
      ).toBe('filekey');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(() => masterKeysFromEnv({})).toThrow(/must be set/);
    expect(() => parseMasterKeys('a:c2hvcnQ=')).toThrow(/32 bytes/);
  });
});
