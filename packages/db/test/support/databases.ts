import pg from 'pg';
import { afterAll, inject } from 'vitest';
import { createFixtureDatabase, type FixtureDatabase } from './fixture-database';

export interface TestDatabases {
  /** Superuser pool: fixtures only, never for assertions about isolation. */
  readonly admin: pg.Pool;
  /** The application exactly as it runs: the virtual_care_web role (and its platform pool, for probes). */
  readonly app: FixtureDatabase;
}

/** Opens the pools for one test file and closes them after it. */
export function useTestDatabases(): TestDatabases {
  const admin = new pg.Pool({ connectionString: inject('adminUrl'), max: 4 });
  const app = createFixtureDatabase({ url: inject('appUrl'), maxConnections: 4 });
  afterAll(async () => {
    await app.close();
    await admin.end();
  });
  return { admin, app };
}

/**
 * A raw transaction as the application role with the tenant set the way the unit of
 * work sets it: for statements no repository offers (DELETE, cross-tenant UPDATE).
 */
export async function asTenant<T>(
  app: FixtureDatabase,
  tenantId: string,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await app.pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
    return await work(client);
  } finally {
    await client.query('ROLLBACK'); // always: these transactions only probe
    client.release();
  }
}
