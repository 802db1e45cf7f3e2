#!/usr/bin/env node
// `npm test`: every test. Static checks, unit and integration tests (against a
// real PostgreSQL and NATS it starts itself), then Playwright end-to-end in
// Debian's Chromium against the product as the start command brings it up.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { installDependencies, pnpm, root } from './lib/bootstrap.mjs';
import { ensureDebianPackages } from './lib/nats.mjs';
import { useProjectNode } from './lib/node-runtime.mjs';
import { freePort } from './lib/ports.mjs';
import { createSupervisor } from './lib/supervisor.mjs';
import { makeScratchDir, migrateAndSeed, startDatabase, startMessaging } from './lib/stack.mjs';

const log = (message) => console.log(`[test] ${message}`);
await useProjectNode({ announce: log }); // on an older Node: installs the pinned one and runs this again on it
const only = new Set(process.argv.slice(2)); // e.g. `npm test -- unit e2e`
const wants = (step) => only.size === 0 || only.has(step);
const supervisor = createSupervisor(log);
supervisor.stopOnSignals();
const scratch = makeScratchDir('virtual-care-test-', supervisor);

async function main() {
  installDependencies(log);
  if (wants('static')) {
    log('Type-checking, linting and format check ...');
    pnpm(['typecheck']);
    pnpm(['lint']);
    pnpm(['format:check']);
  }
  const database = await startDatabase({
    dataDir: path.join(scratch, 'postgres'),
    persistent: false,
    supervisor,
    log,
  });
  const natsUrl = await startMessaging({ storeDir: path.join(scratch, 'nats'), supervisor, log });
  if (!natsUrl)
    throw new Error(
      'the integration tests need a NATS server (install nats-server or set NATS_URL)',
    );
  migrateAndSeed(database, { seed: false });
  const testEnv = {
    TEST_DATABASE_ADMIN_URL: database.migrationUrl,
    TEST_DATABASE_APP_URL: database.webUrl,
    TEST_DATABASE_WORKER_URL: database.workerUrl,
    TEST_NATS_URL: natsUrl,
  };

  if (wants('unit')) {
    // The Jitsi stand-in's call test connects two real browser pages over WebRTC.
    requireChromium();
    log('Unit and integration tests ...');
    pnpm(['--recursive', '--workspace-concurrency=1', '--if-present', 'test'], { env: testEnv });
  }

  if (wants('e2e')) await endToEnd(natsUrl);
  log('All tests passed.');
}

/**
 * Runs the real start command (its own data folder and ports, the test NATS) and
 * drives the product it brings up with Playwright in Debian's Chromium.
 */
/** Chromium, and fonts for Dari and Pashto (without them the screenshots show empty boxes for some letters). */
function requireChromium() {
  const packages = [
    { name: 'chromium', binary: 'chromium' },
    { name: 'fonts-noto-core', file: '/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf' },
  ];
  if (!ensureDebianPackages(packages, log)) {
    throw new Error(
      "the browser tests need Debian's chromium and fonts-noto-core (apt-get install chromium fonts-noto-core)",
    );
  }
}

async function endToEnd(natsUrl) {
  requireChromium();
  const dataDir = path.join(scratch, 'start');
  const crashed = [];
  supervisor.run('start', process.execPath, [path.join(root, 'scripts/start.mjs')], {
    cwd: root,
    env: { PORT: String(await freePort()), VIRTUAL_CARE_DATA_DIR: dataDir, NATS_URL: natsUrl },
    onExit: (code) => crashed.push(`the start command exited (${code})`),
  });
  const stack = await waitForStack(path.join(dataDir, 'stack.json'), crashed);
  // The expired-link test signs a real (expired) token with the product's key.
  const { JOIN_TOKEN_KEYS } = JSON.parse(
    readFileSync(path.join(dataDir, 'local-secrets.json'), 'utf8'),
  );
  log('End-to-end tests (Playwright, Debian Chromium) ...');
  pnpm(['--filter', '@virtual-care/web', 'e2e'], {
    env: {
      E2E_BASE_URL: stack.baseUrl,
      TEST_DATABASE_ADMIN_URL: stack.databaseAdminUrl,
      JOIN_TOKEN_KEYS,
      VIRTUAL_CARE_DATA_DIR: dataDir, // `pnpm api-token` signs with the key of the product under test
    },
  });
  if (crashed.length > 0) throw new Error(crashed.join('; '));
  log('JavaScript budget of the production build ...');
  pnpm(['--filter', '@virtual-care/web', 'js-budget']);
}

async function waitForStack(file, crashed, timeoutMs = 600_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (crashed.length > 0) throw new Error(crashed.join('; '));
    if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the start command was not up within ${timeoutMs / 1000} s`);
}

main()
  .then(() => supervisor.stopAll())
  .then(() => process.exit(0))
  .catch(async (error) => {
    console.error(`[test] FAILED: ${error.message ?? error}`);
    await supervisor.stopAll();
    process.exit(1);
  });
