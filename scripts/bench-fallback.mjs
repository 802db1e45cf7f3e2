#!/usr/bin/env node
// `pnpm bench:fallback`: time to fallback (US-008). Brings the product up as the test command does, then a
// Playwright benchmark cuts a patient's link in N visits and prints p50 / p99 from the loss to the messaging
// thread on each side, next to the tenant's grace window. FALLBACK_RUNS (default 20) and FALLBACK_GRACE_SECONDS
// (default 10) tune it; the worker's heartbeat timeout is set to half the grace so the grace window decides.
import { pnpm } from './lib/bootstrap.mjs';
import { runBrowserBench } from './lib/browser-bench.mjs';

const graceSeconds = Number(process.env.FALLBACK_GRACE_SECONDS ?? 10);

await runBrowserBench('fallback', {
  productEnv: { HEARTBEAT_TIMEOUT_SECONDS: String(Math.max(1, Math.floor(graceSeconds / 2))) },
  measure: ({ product }) => {
    pnpm(['--filter', '@virtual-care/web', 'bench-fallback'], {
      env: {
        ...product.playwrightEnv,
        FALLBACK_RUNS: process.env.FALLBACK_RUNS ?? '20',
        FALLBACK_GRACE_SECONDS: String(graceSeconds),
      },
    });
  },
});
