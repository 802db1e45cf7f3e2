import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration tests start local HTTP stand-ins and index FHIR definitions (about a second).
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
