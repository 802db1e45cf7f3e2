import { describe, expect, it } from 'vitest';
import { useTestDatabases } from './support/databases';

// The tenant policy every tenant table carries: rows of the transaction's app.tenant_id, for reads and writes.
const TENANT_SETTING = "current_setting('app.tenant_id'::text, true)";

interface TenantTable {
  table: string;
  enabled: boolean;
  forced: boolean;
  tenantPolicy: boolean;
}

describe('the catalog: every table with a tenant_id is isolated by row-level security', () => {
  const { admin } = useTestDatabases();

  it('has ENABLE and FORCE row level security and a tenant policy on each, after all migrations', async () => {
    const { rows } = await admin.query<TenantTable>(
      `SELECT c.relname AS table, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced,
              EXISTS (
                SELECT 1 FROM pg_policy p
                 WHERE p.polrelid = c.oid AND p.polcmd = '*' AND p.polpermissive
                   AND p.polroles = '{0}'
                   AND pg_get_expr(p.polqual, p.polrelid) LIKE '%tenant_id = %' || $1 || '%'
                   AND pg_get_expr(p.polwithcheck, p.polrelid) LIKE '%tenant_id = %' || $1 || '%'
              ) AS "tenantPolicy"
         FROM pg_class c
         JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
        ORDER BY c.relname`,
      [TENANT_SETTING],
    );
    // The query reads what it should: a known tenant table is among those checked.
    expect(rows.map((r) => r.table)).toEqual(
      expect.arrayContaining(['virtual_sessions', 'tenant_memberships']),
    );
    const unprotected = rows
      .filter((r) => !r.enabled || !r.forced || !r.tenantPolicy)
      .map((r) => r.table);
    expect(unprotected).toEqual([]);
  });
});
