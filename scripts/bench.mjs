#!/usr/bin/env node
// `pnpm bench`: every package's `bench` script against a real PostgreSQL and NATS started here (the
// same services as the test command). Benchmarks print ratios against baselines measured in the same run.
// `node scripts/bench.mjs <script>` runs the packages' `<script>` instead (`pnpm bench:waiting-room`).
import path from 'node:path';
import { installDependencies, pnpm } from './lib/bootstrap.mjs';
import { useProjectNode } from './lib/node-runtime.mjs';
import { createSupervisor } from './lib/supervisor.mjs';
import { makeScratchDir, migrateAndSeed, startDatabase, startMessaging } from './lib/stack.mjs';

const log = (message) => console.log(`[bench] ${message}`);
await useProjectNode({ announce: log }); // benchmarks measure the Node the product runs on
const supervisor = createSupervisor(log);
supervisor.stopOnSignals();
const scratch = makeScratchDir('virtual-care-bench-', supervisor);

async function main() {
  installDependencies(log);
  const database = await startDatabase({
    dataDir: path.join(scratch, 'postgres'),
    persistent: false,
    supervisor,
    log,
  });
  const natsUrl = await startMessaging({ storeDir: path.join(scratch, 'nats'), supervisor, log });
  if (!natsUrl)
    throw new Error('the benchmarks need a NATS server (install nats-server or set NATS_URL)');
  migrateAndSeed(database, { seed: false });
  const script = process.argv[2] ?? 'bench';
  pnpm(['--recursive', '--workspace-concurrency=1', '--if-present', script], {
    env: {
      TEST_DATABASE_ADMIN_URL: database.migrationUrl,
      TEST_DATABASE_APP_URL: database.webUrl,
      TEST_DATABASE_WORKER_URL: database.workerUrl,
      TEST_NATS_URL: natsUrl,
    },
  });
}

main()
  .then(() => supervisor.stopAll())
  .then(() => process.exit(0))
  .catch(async (error) => {
    console.error(`[bench] FAILED: ${error.message ?? error}`);
    await supervisor.stopAll();
    process.exit(1);
  });
