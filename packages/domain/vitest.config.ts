import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    coverage: {
      provider: 'v8',
      include: ['src/**'],
      // Barrels and files holding only types or interfaces have no executable code to cover.
      exclude: [
        'src/index.ts',
        'src/records/**',
        'src/ports/**',
        'src/use-cases/shared/use-case-deps.helper.ts',
      ],
      reporter: ['text-summary', 'text'],
      thresholds: { branches: 95 },
    },
  },
});
