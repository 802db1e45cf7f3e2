// The services the product runs on, shared by the start and test commands:
// PostgreSQL (embedded unless DATABASE_URL is set), NATS (a local nats-server, see
// nats.mjs, unless NATS_URL is set), migrations and the demo seed.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pnpm, root } from './bootstrap.mjs';
import { localRoleUrls, startEmbeddedPostgres } from './postgres.mjs';
import { startNats } from './nats.mjs';
import { isPortFree, waitForPort } from './ports.mjs';

/**
 * A temporary folder for a run's services, removed when the supervisor stops. As root, embedded
 * PostgreSQL runs as the `postgres` user, who must be able to reach its data folder inside it.
 */
export function makeScratchDir(prefix, supervisor) {
  const scratch = mkdtempSync(path.join(os.tmpdir(), prefix));
  chmodSync(scratch, 0o755);
  supervisor.onStop(() => rmSync(scratch, { recursive: true, force: true }));
  return scratch;
}

export async function startDatabase({ dataDir, preferredPort, persistent, supervisor, log }) {
  if (process.env.DATABASE_URL) {
    log('PostgreSQL: using DATABASE_URL');
    return {
      migrationUrl: process.env.MIGRATION_DATABASE_URL ?? process.env.DATABASE_URL,
      webUrl: process.env.DATABASE_URL,
      workerUrl: process.env.WORKER_DATABASE_URL ?? process.env.DATABASE_URL,
      localRoles: false,
    };
  }
  const port = preferredPort && (await isPortFree(preferredPort)) ? preferredPort : undefined;
  const postgres = await startEmbeddedPostgres({ dataDir, port, persistent, log });
  supervisor.onStop(() => postgres.stop());
  log(
    `PostgreSQL: embedded server on port ${postgres.port} (data in ${path.relative(root, dataDir)})`,
  );
  const roles = localRoleUrls(postgres.port);
  return {
    migrationUrl: postgres.adminUrl,
    webUrl: roles.web,
    workerUrl: roles.worker,
    localRoles: true,
  };
}

export async function startMessaging({ storeDir, preferredPort, supervisor, log }) {
  if (process.env.NATS_URL) {
    log('NATS: using NATS_URL');
    return process.env.NATS_URL;
  }
  const port = preferredPort && (await isPortFree(preferredPort)) ? preferredPort : undefined;
  const nats = await startNats({ storeDir, port, log });
  if (!nats) return null;
  supervisor.onStop(() => nats.stop());
  log(`NATS: nats-server ${nats.version ?? ''} with JetStream on port ${nats.port}`);
  return nats.url;
}

export function migrateAndSeed(database, { seed, env: seedEnv = {} }) {
  const env = {
    ...seedEnv,
    MIGRATION_DATABASE_URL: database.migrationUrl,
    DATABASE_URL: database.migrationUrl,
  };
  pnpm(
    ['--filter', '@virtual-care/db', 'migrate', ...(database.localRoles ? ['--local-roles'] : [])],
    { env },
  );
  if (seed) pnpm(['--filter', '@virtual-care/db', 'seed'], { env });
}

/**
 * Builds the web app for production and starts it and the worker, each connected as
 * its own database role. Resolves, once both listen, to the web app's environment (so
 * tools can start another web process on the same build).
 */
export async function buildAndStartApps({
  database,
  env,
  webPort,
  workerHealthPort,
  supervisor,
  log,
  onExit,
}) {
  log('Building the web app (next build) ...');
  const webEnv = { ...env, DATABASE_URL: database.webUrl };
  pnpm(['--filter', '@virtual-care/web', 'build'], { env: webEnv });
  supervisor.run(
    'web',
    'pnpm',
    ['--filter', '@virtual-care/web', 'start', '--port', String(webPort)],
    {
      cwd: root,
      env: webEnv,
      onExit: onExit('web'),
    },
  );
  supervisor.run('worker', 'pnpm', ['--filter', '@virtual-care/worker', 'start'], {
    cwd: root,
    env: { ...env, DATABASE_URL: database.workerUrl, WORKER_HEALTH_PORT: String(workerHealthPort) },
    onExit: onExit('worker'),
  });
  await waitForPort(webPort, 60_000);
  await waitForPort(workerHealthPort, 60_000);
  return webEnv;
}

/** Points the demo tenant at the local Jitsi stand-in, with the stand-in's JWT app id and secret. */
export function configureDemoVideo(database, { jitsiUrl, appId, secrets }) {
  pnpm(['--filter', '@virtual-care/api', 'demo:video'], {
    env: {
      DATABASE_URL: database.migrationUrl,
      DEMO_JITSI_URL: jitsiUrl,
      DEMO_JITSI_APP_ID: appId,
      DEMO_JITSI_JWT_SECRET: secrets.DEMO_JITSI_JWT_SECRET,
      SECRET_STORE_MASTER_KEY: secrets.SECRET_STORE_MASTER_KEY,
    },
  });
}

/**
 * Secrets the local product needs, made once and kept with the local data. A secret
 * added in a later version is generated on the next run; existing ones never change.
 */
export function localSecrets(dataDir) {
  const file = path.join(dataDir, 'local-secrets.json');
  const stored = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const generators = {
    NEXTAUTH_SECRET: () => randomBytes(32).toString('base64url'),
    JOIN_TOKEN_KEYS: () => `k1:${randomBytes(32).toString('base64url')}`,
    SECRET_STORE_MASTER_KEY: () => `m1:${randomBytes(32).toString('base64')}`,
    DEMO_JITSI_JWT_SECRET: () => randomBytes(32).toString('base64url'),
  };
  const missing = Object.keys(generators).filter((name) => !(name in stored));
  const needsApiKey = !('API_JWT_PRIVATE_JWK' in stored);
  if (missing.length === 0 && !needsApiKey) return webSecrets(stored);
  const secrets = {
    ...stored,
    ...Object.fromEntries(missing.map((name) => [name, generators[name]()])),
    ...(needsApiKey ? localApiJwtKey() : {}),
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return webSecrets(secrets);
}

/** Issuer and audience of the demo's REST bearer tokens (`pnpm -s api-token <email>` signs them). */
export const LOCAL_API_JWT = {
  issuer: 'virtual-care-local',
  audience: 'virtual-care-api',
  kid: 'local-1',
};

/**
 * A local ES256 key pair standing in for an identity provider: the web app gets the public key set (API_JWKS),
 * `scripts/token.mjs` signs with the private key, which stays in local-secrets.json.
 */
function localApiJwtKey() {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const meta = { kid: LOCAL_API_JWT.kid, alg: 'ES256', use: 'sig' };
  return {
    API_JWT_PRIVATE_JWK: JSON.stringify({ ...privateKey.export({ format: 'jwk' }), ...meta }),
    API_JWKS: JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), ...meta }] }),
    API_JWT_ISSUER: LOCAL_API_JWT.issuer,
    API_JWT_AUDIENCE: LOCAL_API_JWT.audience,
  };
}

/** What the apps receive: everything but the token-signing private key. */
function webSecrets(secrets) {
  const { API_JWT_PRIVATE_JWK: _private, ...rest } = secrets;
  return rest;
}
