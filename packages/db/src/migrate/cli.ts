// Applies the SQL migrations: `pnpm db:migrate [--local-roles]`.
// Reads MIGRATION_DATABASE_URL (falls back to DATABASE_URL); LOCAL_DB_PASSWORD for --local-roles.
import { migrate } from './migration.runner';

const url = process.env.MIGRATION_DATABASE_URL ?? process.env.DATABASE_URL;
if (!url) {
  console.error(
    "migrate: set MIGRATION_DATABASE_URL (or DATABASE_URL) to the migrating role's URL.",
  );
  process.exit(1);
}

try {
  const result = await migrate({
    url,
    localRoles: process.argv.includes('--local-roles'),
    localPassword: process.env.LOCAL_DB_PASSWORD || undefined,
  });
  for (const name of result.applied) console.log(`migrate: applied ${name}`);
  console.log(
    `migrate: ${result.applied.length} applied, ${result.alreadyApplied.length} already up to date`,
  );
} catch (error) {
  console.error(`migrate: ${(error as Error).message}`);
  process.exit(1);
}
