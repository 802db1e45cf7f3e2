import type pg from 'pg';
import { run, statement } from '../sql/queryable';
import { inTenantTransaction } from '../sql/tenant-transaction';

/** Every column of tenant_virtual_care_config that holds a secret-store envelope. */
export const ENCRYPTED_CONFIG_COLUMNS = [
  'jitsi_jwt_secret_encrypted',
  'zoom_api_key_encrypted',
  'webex_client_id_encrypted',
  'teams_client_id_encrypted',
] as const;

/** What re-wrapping one tenant's envelopes did. */
export interface RewrapCount {
  /** Envelopes moved to the current master key. */
  rewrapped: number;
  /** Envelopes already on it (`rewrap` returned them unchanged). */
  current: number;
}

const TENANT_IDS = statement('rotation_tenant_ids', 'SELECT id FROM tenants ORDER BY id');

const LOCK_ENVELOPES = statement(
  'rotation_lock_envelopes',
  `SELECT ${ENCRYPTED_CONFIG_COLUMNS.join(', ')} FROM tenant_virtual_care_config
    WHERE tenant_id = $1 FOR UPDATE`,
);

const WRITE_ENVELOPES = statement(
  'rotation_write_envelopes',
  `UPDATE tenant_virtual_care_config
      SET ${ENCRYPTED_CONFIG_COLUMNS.map((column, i) => `${column} = $${i + 2}`).join(', ')}
    WHERE tenant_id = $1`,
);

/**
 * The stored credentials' envelopes, for the master-key rotation. Each tenant is one tenant transaction: the
 * table forces RLS even for its owner (the migrating role the rotation runs as), and the row stays locked while
 * it is rewritten, so a concurrent admin save waits.
 */
export class SecretRotationStore {
  constructor(
    private readonly platformPool: pg.Pool,
    private readonly tenantPool: pg.Pool,
  ) {}

  async tenantIds(): Promise<string[]> {
    const { rows } = await run<{ id: string }>(this.platformPool, TENANT_IDS, []);
    return rows.map((r) => r.id);
  }

  /**
   * Passes each stored envelope of the tenant through `rewrap` and writes the results back, all or nothing.
   * Null when the tenant has no virtual-care configuration.
   */
  rewrapTenant(
    tenantId: string,
    rewrap: (envelope: string) => Promise<string>,
  ): Promise<RewrapCount | null> {
    return inTenantTransaction(this.tenantPool, { tenantId }, 'READ WRITE', async (client) => {
      const { rows } = await run<Record<string, string | null>>(client, LOCK_ENVELOPES, [tenantId]);
      const row = rows[0];
      if (!row) return null;
      const count: RewrapCount = { rewrapped: 0, current: 0 };
      const next: Array<string | null> = [];
      for (const column of ENCRYPTED_CONFIG_COLUMNS) {
        const stored = row[column] ?? null;
        const rewrapped = stored === null ? null : await rewrap(stored);
        if (stored !== null) count[rewrapped === stored ? 'current' : 'rewrapped'] += 1;
        next.push(rewrapped);
      }
      await run(client, WRITE_ENVELOPES, [tenantId, ...next]);
      return count;
    });
  }
}
