#!/usr/bin/env node
// `npm test`: every test. Static checks, unit and integration tests (against a
// real PostgreSQL and NATS it starts itself), then Playwright end-to-end in
// Debian's Chromium against the product as the start command brings it up, then the scale-out run.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { installDependencies, pnpm, root } from './lib/bootstrap.mjs';
import { useProjectNode } from './lib/node-runtime.mjs';
import { requireChromium, startProduct } from './lib/product.mjs';
import { formatSecurityReport, securityReport } from './lib/security-figures.mjs';
import { createSupervisor } from './lib/supervisor.mjs';
import { makeScratchDir, migrateAndSeed, startDatabase, startMessaging } from './lib/stack.mjs';

const log = (message) => console.log(`[test] ${message}`);
await useProjectNode({ announce: log }); // on an older Node: installs the pinned one and runs this again on it
const only = new Set(process.argv.slice(2)); // e.g. `npm test -- unit e2e`
const wants = (step) => only.size === 0 || only.has(step);
const supervisor = createSupervisor(log);
supervisor.stopOnSignals();
const scratch = makeScratchDir('virtual-care-test-', supervisor);
// The run's security figures (docs/security.md): every test process appends to it; kept after the
// run for `pnpm security:report`.
const securityReportDir = path.join(root, '.data', 'security-report');
rmSync(securityReportDir, { recursive: true, force: true });

async function main() {
  installDependencies(log);
  if (wants('static')) {
    log('Type-checking, linting and format check ...');
    pnpm(['typecheck']);
    pnpm(['lint']);
    pnpm(['format:check']);
    log('Kubernetes manifests against their schemas and the apps’ variables (docs/deploy.md) ...');
    for (const args of [
      ['scripts/lint-manifests.mjs'],
      ['--test', 'scripts/lint-manifests.test.mjs'],
    ])
      execFileSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
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
    SECURITY_REPORT_DIR: securityReportDir,
  };

  if (wants('unit')) {
    // The Jitsi stand-in's call test connects two real browser pages over WebRTC.
    requireChromium(log);
    log('Unit and integration tests ...');
    pnpm(['--recursive', '--workspace-concurrency=1', '--if-present', 'test'], { env: testEnv });
  }

  if (wants('e2e')) await endToEnd(natsUrl);
  if (wants('scale')) {
    // Past one machine under faults (decision 0044): its own cluster, on the build the e2e step just made.
    log('Scale-out run (2 web processes, 2 workers, 3 NATS nodes, kills) ...');
    execFileSync(
      process.execPath,
      [path.join(root, 'scripts/scale-out.mjs'), ...(wants('e2e') ? ['--no-build'] : [])],
      { stdio: 'inherit' },
    );
  }
  if (!printSecurityFigures()) throw new Error('a security figure misses its goal');
  log('All tests passed.');
}

/**
 * Runs the real start command (its own data folder and ports, the test NATS) and
 * drives the product it brings up with Playwright in Debian's Chromium.
 */
async function endToEnd(natsUrl) {
  requireChromium(log);
  const product = await startProduct({ scratch, natsUrl, supervisor });
  log('End-to-end tests (Playwright, Debian Chromium) ...');
  pnpm(['--filter', '@virtual-care/web', 'e2e'], {
    env: { ...product.playwrightEnv, SECURITY_REPORT_DIR: securityReportDir },
  });
  if (product.crashed.length > 0) throw new Error(product.crashed.join('; '));
  log('JavaScript budget of the production build ...');
  pnpm(['--filter', '@virtual-care/web', 'js-budget']);
}

/** The security figures the tests recorded, one table; false when one misses its goal. */
function printSecurityFigures() {
  const rows = securityReport(securityReportDir);
  log('Security figures (`pnpm security:report` prints them again):');
  for (const line of formatSecurityReport(rows)) log(`  ${line}`);
  return rows.every((row) => row.status !== 'FAIL');
}

main()
  .then(() => supervisor.stopAll())
  .then(() => process.exit(0))
  .catch(async (error) => {
    printSecurityFigures();
    console.error(`[test] FAILED: ${error.message ?? error}`);
    await supervisor.stopAll();
    process.exit(1);
  });
