import type { SignInDirectory } from '@virtual-care/api';
import { createDatabase, type Database } from '@virtual-care/db';
import { getEnv } from '../env';

const globalForDb = globalThis as typeof globalThis & { __vcDatabase?: Database };

/** One pool per process (kept across dev hot reloads). */
export function getDatabase(): Database {
  globalForDb.__vcDatabase ??= createDatabase({ url: getEnv().databaseUrl });
  return globalForDb.__vcDatabase;
}

/** packages/db's sign-in store behind packages/api's port (it matches the port method for method). */
export function createDatabaseSignInDirectory(db: Database): SignInDirectory {
  return db.signIn;
}

/** `SELECT 1` through the app's own pool: proves the database answers for this instance. */
export async function pingDatabase(): Promise<void> {
  await getDatabase().pool.query('SELECT 1');
}
