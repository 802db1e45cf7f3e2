// Prisma CLI configuration (Prisma 7 reads the datasource URL from here, not from
// schema.prisma). Deliberately import-free: this folder has no node_modules, and the
// CLI runs from packages/db (`pnpm --filter @virtual-care/db generate`).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

// The CLI wants a native schema engine at start-up and cannot download one offline.
// `generate`, `validate` and `format` never use it, so any existing file will do
// (../shared/PRISMA_OFFLINE.md). Migrations are applied by packages/db/src/migrate.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;

export default {
  schema: path.join(here, 'schema.prisma'),
  migrations: { path: path.join(here, 'migrations') },
  datasource: {
    // Only used by `prisma migrate deploy` on machines that can run the real engine.
    url: process.env.MIGRATION_DATABASE_URL ?? process.env.DATABASE_URL ?? '',
  },
};
