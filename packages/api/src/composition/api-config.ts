import { dbEnvSlice, type DbConfig } from '@virtual-care/db';
import { apiEnvSlice, type ApiConfig } from '../config/api.env';
import { loadEnv, type EnvSource } from '../config/load-env';

/** What the composition root wires from: the database's slice and the session API's. */
export type ServicesConfig = DbConfig & ApiConfig;

/**
 * The session API's variables alone (db + api slices), for what hosts the API without an app around it: tests,
 * benches. The apps compose the same slices with their own in env.ts.
 */
export function loadApiConfig(source: EnvSource): ServicesConfig {
  return loadEnv('the session API', [dbEnvSlice, apiEnvSlice], source);
}
