#!/usr/bin/env node
// `npm test`: every test. Static checks, unit and integration tests (against a
// real PostgreSQL and NATS it starts itself), then Playwright end-to-end in
// Debian's Chromium against the production build. Stops what it started.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { installDependencies, pnpm } from './lib/bootstrap.mjs';
import { ensureDebianPackages } from './lib/nats.mjs';
import { freePort } from './lib/ports.mjs';
import { createSupervisor } from './lib/supervisor.mjs';
import { buildAndStartApps, configureDemoVideo, localSecrets, migrateAndSeed, startDatabase, startMessaging } from './lib/stack.mjs';
import { DEMO_JITSI_APP_ID, startJitsiStandIn } from './lib/stand-ins.mjs';

const log = (message) => console.log(`[test] ${message}`);
const only = new Set(process.argv.slice(2)); // e.g. `npm test -- unit e2e`
const wants = (step) => only.size === 0 || only.has(step);
const supervisor = createSupervisor(log);
supervisor.stopOnSignals();
const scratch = mkdtempSync(path.join(os.tmpdir(), 'virtual-care-test-'));
// As root, embedded PostgreSQL runs as the `postgres` user, who must reach its data folder.
chmodSync(scratch, 0o755);
supervisor.onStop(() => rmSync(scratch, { recursive: true, force: true }));

async function main() {
  installDependencies(log);
  if (wants('static')) {
    log('Type-checking and linting ...');
    pnpm(['typecheck']);
    pnpm(['lint']);
  }
  const database = await startDatabase({ dataDir: path.join(scratch, 'postgres'), persistent: false, supervisor, log });
  const natsUrl = await startMessaging({ storeDir: path.join(scratch, 'nats'), supervisor, log });
  if (!natsUrl) throw new Error('the integration tests need a NATS server (install nats-server or set NATS_URL)');
  const secrets = localSecrets(scratch);
  const jitsiUrl = await startJitsiStandIn({ jwtSecret: secrets.DEMO_JITSI_JWT_SECRET, supervisor, log });
  migrateAndSeed(database, { seed: true, env: { DEMO_JITSI_URL: jitsiUrl } });
  configureDemoVideo(database, { jitsiUrl, appId: DEMO_JITSI_APP_ID, secrets });
  const testEnv = {
    TEST_DATABASE_ADMIN_URL: database.migrationUrl,
    TEST_DATABASE_APP_URL: database.webUrl,
    TEST_DATABASE_WORKER_URL: database.workerUrl,
    TEST_NATS_URL: natsUrl,
  };

  if (wants('unit')) {
    log('Unit and integration tests ...');
    pnpm(['--recursive', '--workspace-concurrency=1', '--if-present', 'test'], { env: testEnv });
  }

  if (wants('e2e')) await endToEnd(database, natsUrl, secrets);
  log('All tests passed.');
}

async function endToEnd(database, natsUrl, secrets) {
  if (!ensureDebianPackages([{ name: 'chromium', binary: 'chromium' }], log)) {
    throw new Error('end-to-end tests need Debian\'s chromium (apt-get install chromium)');
  }
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const env = { ...secrets, NODE_ENV: 'production', NEXTAUTH_URL: baseUrl, NATS_URL: natsUrl, VIDEO_ALLOW_LOOPBACK_HTTP: 'true' };
  const crashed = [];
  await buildAndStartApps({
    database,
    env,
    webPort: port,
    workerHealthPort: await freePort(),
    supervisor,
    log,
    onExit: (name) => (code) => crashed.push(`${name} exited early (${code})`),
  });
  log('End-to-end tests (Playwright, Debian Chromium) ...');
  pnpm(['--filter', '@virtual-care/web', 'e2e'], { env: { E2E_BASE_URL: baseUrl, TEST_DATABASE_ADMIN_URL: database.migrationUrl } });
  if (crashed.length > 0) throw new Error(crashed.join('; '));
}

main()
  .then(() => supervisor.stopAll())
  .then(() => process.exit(0))
  .catch(async (error) => {
    console.error(`[test] FAILED: ${error.message ?? error}`);
    await supervisor.stopAll();
    process.exit(1);
  });
