import type { Database } from '@virtual-care/db';
import type { KmsSecretStore } from '../adapters/kms-secret.adapter';

/** Every column of tenant_virtual_care_config that holds a secret-store envelope. */
export const ENCRYPTED_CONFIG_COLUMNS = [
  'jitsi_jwt_secret_encrypted',
  'zoom_api_key_encrypted',
  'webex_client_id_encrypted',
  'teams_client_id_encrypted',
] as const;

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
 * role, one tenant per transaction because the table forces RLS even for its owner; rows are locked while rewritten so
 * a concurrent admin save waits. No config version bump and no event: the configuration did not change.
 */
export async function rotateTenantSecrets(
  db: Database,
  store: KmsSecretStore,
): Promise<RotationReport> {
  const report: RotationReport = { tenants: 0, rewrapped: 0, current: 0, failed: [] };
  const { rows: tenants } = await db.pool.query<{ id: string }>(
    'SELECT id FROM tenants ORDER BY id',
  );
  const columns = ENCRYPTED_CONFIG_COLUMNS.join(', ');
  for (const { id } of tenants) {
    const client = await db.pool.connect();
    const counted = { rewrapped: 0, current: 0 };
    try {
      await client.query('BEGIN');
      await client.query(`SELECT set_config('app.tenant_id', $1, true)`, [id]);
      const { rows } = await client.query<Record<string, string | null>>(
        `SELECT ${columns} FROM tenant_virtual_care_config WHERE tenant_id = $1 FOR UPDATE`,
        [id],
      );
      const row = rows[0];
      if (row) {
        const next: Array<string | null> = [];
        for (const column of ENCRYPTED_CONFIG_COLUMNS) {
          const stored = row[column] ?? null;
          const rewrapped = stored === null ? null : await store.rewrap(stored);
          if (stored !== null) counted[rewrapped === stored ? 'current' : 'rewrapped'] += 1;
          next.push(rewrapped);
        }
        const sets = ENCRYPTED_CONFIG_COLUMNS.map((column, i) => `${column} = $${i + 2}`).join(
          ', ',
        );
        await client.query(`UPDATE tenant_virtual_care_config SET ${sets} WHERE tenant_id = $1`, [
          id,
          ...next,
        ]);
      }
      await client.query('COMMIT');
      if (row) {
        report.tenants += 1;
        report.rewrapped += counted.rewrapped;
        report.current += counted.current;
      }
    } catch {
      // One tenant's unreadable value must not block the others; the caller reports the ids (never a value).
      await client.query('ROLLBACK').catch(() => undefined);
      report.failed.push(id);
    } finally {
      client.release();
    }
  }
  return report;
}
