import type { Database } from '@virtual-care/db';
import {
  createKmsSecretStore,
  masterKeysFromEnv,
  masterKeyWrapper,
} from '../adapters/kms-secret.adapter';
import { rotateTenantSecrets, type RotationReport } from './rotate-secrets';

/** scripts/rotate-secrets.mjs: master keys from the same variables the apps read, then the rotation. */
export async function rotateWithEnvKeys(
  db: Database,
  env: Record<string, string | undefined>,
): Promise<RotationReport & { keyId: string }> {
  const keys = masterKeysFromEnv(env);
  const report = await rotateTenantSecrets(
    db,
    createKmsSecretStore({ keyWrapper: masterKeyWrapper(keys) }),
  );
  return { ...report, keyId: keys.currentKeyId() };
}
