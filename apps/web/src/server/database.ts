import { activeTraceContext, type SignInDirectory } from '@virtual-care/api';
import { createDatabase, type Database } from '@virtual-care/db';
import { getEnv } from '../env';

const globalForDb = globalThis as typeof globalThis & { __vcDatabase?: Database };

/** One pool per process (kept across dev hot reloads). */
export function getDatabase(): Database {
  const env = getEnv();
  globalForDb.__vcDatabase ??= createDatabase({
    url: env.databaseUrl,
    maxConnections: env.databasePoolSize,
    // Each event keeps the trace of the request that wrote it (decision 0042).
    traceContext: activeTraceContext,
  });
  return globalForDb.__vcDatabase;
}

/** packages/db's sign-in store behind packages/api's port (it matches the port method for method). */
export function createDatabaseSignInDirectory(db: Database): SignInDirectory {
  return db.signIn;
}

/** A query through the app's own pool: proves the database answers for this instance. */
export function pingDatabase(): Promise<void> {
  return getDatabase().ping();
}
