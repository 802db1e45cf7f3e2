// Seeds the demo tenants: `pnpm db:seed`. Idempotent; prints labels, never passwords or hashes.
// Reads MIGRATION_DATABASE_URL (falls back to DATABASE_URL) and DEMO_JITSI_URL.
import { seedDemo } from './demo-tenant';

const url = process.env.MIGRATION_DATABASE_URL ?? process.env.DATABASE_URL;
if (!url) {
  console.error('seed: set MIGRATION_DATABASE_URL (or DATABASE_URL).');
  process.exit(1);
}

try {
  const { changed } = await seedDemo({ url, jitsiUrl: process.env.DEMO_JITSI_URL || undefined });
  console.log(
    changed.length === 0
      ? 'seed: demo data already present, nothing changed'
      : `seed: ${changed.length} change(s): ${changed.join(', ')}`,
  );
} catch (error) {
  console.error(`seed: ${(error as Error).message}`);
  process.exit(1);
}
