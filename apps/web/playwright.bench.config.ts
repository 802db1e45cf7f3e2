import { defineConfig } from '@playwright/test';
import base from './playwright.config';

/** Browser benchmarks (apps/web/bench): timed figures printed by scripts/bench-*.mjs, never asserted. */
export default defineConfig({
  ...base,
  testDir: 'bench',
  testMatch: '**/*.bench.ts',
  timeout: 60 * 60_000,
});
