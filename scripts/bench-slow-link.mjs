#!/usr/bin/env node
// `pnpm bench:slow-link`: the patient's pages on a slow link (issue 17). Brings the product up as the test command
// does and a minimal Next.js page beside it, then a Playwright benchmark drives Chromium over an EDGE-like link
// (128 kbit/s down, 64 kbit/s up, 800 ms) and prints, for /join, /portal/async-visits and the minimal page, cold
// and warm: time to first paint, time until the page answers a tap, bytes on the wire (median and p90 over
// SLOW_LINK_RUNS visits, default 5), each beside the minimal page. Then the bytes a patient sends for a visit with
// three 4000×3000 photos against the originals, and the time to send it over 256 kbit/s, 400 ms.
import path from 'node:path';
import { pnpm } from './lib/bootstrap.mjs';
import { runBrowserBench } from './lib/browser-bench.mjs';
import { startMinimalNextApp } from './lib/minimal-next-app.mjs';

await runBrowserBench('slow-link', {
  measure: async ({ product, scratch, supervisor, log }) => {
    const minimal = await startMinimalNextApp({
      dir: path.join(scratch, 'minimal-next'),
      supervisor,
      log,
    });
    pnpm(['--filter', '@virtual-care/web', 'bench-slow-link'], {
      env: {
        ...product.playwrightEnv,
        MINIMAL_NEXT_URL: minimal.baseUrl,
        SLOW_LINK_SCRATCH: scratch,
        SLOW_LINK_RUNS: process.env.SLOW_LINK_RUNS ?? '5',
      },
    });
    return minimal.crashed;
  },
});
