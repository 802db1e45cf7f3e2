import type { Database } from '@virtual-care/db';
import type { KmsSecretStore } from '../adapters/kms-secret.adapter';

export interface RotationReport {
  tenants: number;
  /** Values moved to the current master key. */
  rewrapped: number;
  /** Values already on the current key (a second run finds only these: the rotation is idempotent). */
  current: number;
  /** Tenants whose values could not be re-wrapped (e.g. their master key is not in the key list); left unchanged. */
  failed: string[];
}

/**
 * Re-wraps every stored credential's data key under the current master key (the first id of SECRET_STORE_MASTER_KEY);
 * the credential's own ciphertext is untouched and the plaintext never exists in this process. Runs as the migrating
 * role, one tenant at a time (the db's rotation store: one tenant transaction each, the row locked while rewritten).
 * No config version bump and no event: the configuration did not change.
 */
export async function rotateTenantSecrets(
  db: Pick<Database, 'secretRotation'>,
  store: KmsSecretStore,
): Promise<RotationReport> {
  const report: RotationReport = { tenants: 0, rewrapped: 0, current: 0, failed: [] };
  for (const id of await db.secretRotation.tenantIds()) {
    try {
      const counted = await db.secretRotation.rewrapTenant(id, (envelope) =>
        store.rewrap(envelope),
      );
      if (!counted) continue;
      report.tenants += 1;
      report.rewrapped += counted.rewrapped;
      report.current += counted.current;
    } catch {
      // One tenant's unreadable value must not block the others; the caller reports the ids (never a value).
      report.failed.push(id);
    }
  }
  return report;
}
