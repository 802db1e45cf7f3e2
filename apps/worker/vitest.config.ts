import { defineConfig } from 'vitest/config';

// Integration tests run against a real PostgreSQL and nats-server (the test command's, or ones the global
// setup starts). Files run one after another: every relay claims every unpublished row of the database.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
