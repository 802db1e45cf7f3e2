import pg from 'pg';
import { openDatabase, type Database, type DatabaseOptions } from '../../src/database';

/** Raw SQL for tests and benchmarks: fixtures, rows as a role sees them, statements no store offers. */
export type SqlPool = pg.Pool;

export function openSqlPool(url: string, maxConnections = 4): SqlPool {
  return new pg.Pool({ connectionString: url, max: maxConnections });
}

/**
 * A Database that also hands tests its platform pool (the one Prisma and the cross-tenant stores use), so a test
 * can prepare rows by hand and check what a query outside the units of work sees. The product never gets one.
 */
export interface FixtureDatabase extends Database {
  readonly pool: SqlPool;
}

export function createFixtureDatabase(options: DatabaseOptions): FixtureDatabase {
  const { database, pool } = openDatabase(options);
  return { ...database, pool };
}
