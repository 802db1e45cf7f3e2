#!/usr/bin/env node
// `pnpm bench:fallback`: time to fallback (US-008). Brings the product up as the test command does, then a
// Playwright benchmark cuts a patient's link in N visits and prints p50 / p99 from the loss to the messaging
// thread on each side, next to the tenant's grace window. FALLBACK_RUNS (default 20) and FALLBACK_GRACE_SECONDS
// (default 10) tune it; the worker's heartbeat timeout is set to half the grace so the grace window decides.
import path from 'node:path';
import { installDependencies, pnpm } from './lib/bootstrap.mjs';
import { useProjectNode } from './lib/node-runtime.mjs';
import { requireChromium, startProduct } from './lib/product.mjs';
import { createSupervisor } from './lib/supervisor.mjs';
import { makeScratchDir, startMessaging } from './lib/stack.mjs';

const log = (message) => console.log(`[bench] ${message}`);
await useProjectNode({ announce: log });
const supervisor = createSupervisor(log);
supervisor.stopOnSignals();
const scratch = makeScratchDir('virtual-care-bench-fallback-', supervisor);
const graceSeconds = Number(process.env.FALLBACK_GRACE_SECONDS ?? 10);

async function main() {
  installDependencies(log);
  requireChromium(log);
  const natsUrl = await startMessaging({ storeDir: path.join(scratch, 'nats'), supervisor, log });
  if (!natsUrl)
    throw new Error('the benchmark needs a NATS server (install nats-server or set NATS_URL)');
  const product = await startProduct({
    scratch,
    natsUrl,
    supervisor,
    env: { HEARTBEAT_TIMEOUT_SECONDS: String(Math.max(1, Math.floor(graceSeconds / 2))) },
  });
  pnpm(['--filter', '@virtual-care/web', 'bench-fallback'], {
    env: {
      ...product.playwrightEnv,
      FALLBACK_RUNS: process.env.FALLBACK_RUNS ?? '20',
      FALLBACK_GRACE_SECONDS: String(graceSeconds),
    },
  });
  if (product.crashed.length > 0) throw new Error(product.crashed.join('; '));
}

main()
  .then(() => supervisor.stopAll())
  .then(() => process.exit(0))
  .catch(async (error) => {
    console.error(`[bench] FAILED: ${error.message ?? error}`);
    await supervisor.stopAll();
    process.exit(1);
  });
