import type { FixtureDatabase } from '@virtual-care/db/test-support';

export interface TenantTables {
  /** Rows per tenant table, of the given tenants only (other test files write their own tenants meanwhile). */
  counts(tenantIds: string[]): Promise<Record<string, number>>;
  /** A digest of every row the tenant has, in every tenant table: equal digests, no change. */
  digest(tenantId: string): Promise<string>;
  names: string[];
}

/** Every table with a `tenant_id`, as the catalog lists them (read as the admin role, which RLS does not confine). */
export async function tenantTables(admin: FixtureDatabase): Promise<TenantTables> {
  const found = await admin.pool.query<{ table_name: string }>(
    `SELECT c.table_name FROM information_schema.columns c
       JOIN information_schema.tables t USING (table_schema, table_name)
      WHERE c.table_schema = 'public' AND c.column_name = 'tenant_id' AND t.table_type = 'BASE TABLE'
      ORDER BY c.table_name`,
  );
  const names = found.rows.map((r) => r.table_name);
  const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;
  const countSql = `SELECT ${names
    .map(
      (n) =>
        `(SELECT count(*)::int FROM ${quoted(n)} WHERE tenant_id = ANY($1::uuid[])) AS ${quoted(n)}`,
    )
    .join(', ')}`;
  const digestSql = `SELECT md5(${names
    .map(
      (n) =>
        `coalesce((SELECT string_agg(r::text, '|' ORDER BY r::text) FROM ${quoted(n)} r WHERE tenant_id = $1::uuid), '')`,
    )
    .join(` || '#' || `)}) AS digest`;
  return {
    names,
    // Prepared once per connection: the fuzzer counts after every request, and planning is most of the cost.
    counts: async (tenantIds) =>
      (
        await admin.pool.query<Record<string, number>>({
          name: 'fuzz-tenant-table-counts',
          text: countSql,
          values: [tenantIds],
        })
      ).rows[0]!,
    digest: async (tenantId) =>
      (await admin.pool.query<{ digest: string }>(digestSql, [tenantId])).rows[0]!.digest,
  };
}
