// Type-aware linting for the whole workspace, plus the dependency rule of the
// architecture: packages/domain imports nothing but itself (no framework, no I/O).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import nextPlugin from '@next/eslint-plugin-next';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/.next/**',
      '**/coverage/**',
      '**/dist/**',
      '.data/**',
      '.runtime/**',
      'packages/db/src/generated/**',
      '**/next-env.d.ts',
      // Built by apps/web/scripts/build-offline-app.mjs.
      'apps/web/public/portal/async-visits/*.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.ts', 'scripts/lib/*.d.mts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
    },
  },
  {
    // The service worker is typed against the WebWorker library, not the DOM: its own project.
    files: ['apps/web/src/app/portal/async-visits/_offline/sw.ts'],
    languageOptions: {
      parserOptions: { projectService: false, project: ['apps/web/tsconfig.sw.json'] },
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: {
        process: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        // Node's web platform globals, for the scripts that drive the product over HTTP (scripts/scale-out.mjs).
        fetch: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        TextDecoderStream: 'readonly',
        performance: 'readonly',
      },
    },
  },
  {
    // In-memory fakes implement async ports synchronously, and tests assert on methods.
    files: ['**/test/**/*.ts', '**/*.test.ts', '**/e2e/**/*.ts'],
    rules: {
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // Configuration is read once per app, in its src/env.ts (the packages' env slices composed with its own).
    files: ['**/*.{ts,tsx,mts,cts,js,mjs,cjs}'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message:
            "Read configuration through the app's src/env.ts (packages export env slices), not process.env.",
        },
      ],
    },
  },
  {
    // Where process.env may be read: the apps' env files and entry points that are not the apps.
    files: [
      'apps/web/src/env.ts',
      'apps/worker/src/env.ts',
      'apps/web/src/instrumentation.ts', // NEXT_RUNTIME, and the OTEL_* variables read before env.ts loads pg
      'apps/worker/src/telemetry.ts', // the worker's preload: the OTEL_* variables, before env.ts loads pg
      'packages/*/src/**/cli.ts',
      'packages/*/src/**/*.cli.ts',
      'scripts/**',
      'apps/*/scripts/**',
      '**/bench/**',
      '**/test/**',
      '**/e2e/**',
      '**/*.config.{ts,mts,mjs}',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // The database stays behind packages/db's door: its stores and units of work, never a pool or a Prisma client.
    // (Before the domain's rule below, which replaces this one for the domain's files and forbids every package.)
    files: ['**/*.{ts,tsx,mts,cts,js,mjs,cjs}'],
    ignores: ['packages/db/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(pg|pg-[^/]+|@prisma/[^/]+)(/.*)?$',
              message:
                'Only packages/db talks to PostgreSQL: go through @virtual-care/db (tests: @virtual-care/db/test-support).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/domain/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!\\.{1,2}/)',
              message:
                'packages/domain is pure: import only its own modules (no framework, no I/O, no packages).',
            },
          ],
        },
      ],
      // Time and I/O reach the domain only through its ports (Clock, repositories, adapters).
      'no-restricted-globals': ['error', 'process', 'fetch', 'setTimeout', 'setInterval', 'crypto'],
    },
  },
  {
    files: ['apps/web/**/*.{ts,tsx}', 'packages/ui/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks, '@next/next': nextPlugin },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs['core-web-vitals'].rules,
    },
    settings: { next: { rootDir: 'apps/web' } },
  },
);
