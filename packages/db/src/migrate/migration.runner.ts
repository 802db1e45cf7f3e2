import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { ensureLocalRoles, defaultLocalDbPassword } from './local-roles';
import { defaultMigrationsDir, readMigrationFiles, type MigrationFile } from './migration-files';

export interface MigrateOptions {
  /** Connection URL of the migrating role (owner of the schema; superuser on the embedded database). */
  readonly url: string;
  /** Also create the LOGIN roles of the embedded database (never for a real deployment). */
  readonly localRoles?: boolean;
  /** Password of the local LOGIN roles (the migrate CLI passes LOCAL_DB_PASSWORD); default 'virtual-care-local'. */
  readonly localPassword?: string;
  /** Defaults to prisma/migrations at the repository root. */
  readonly migrationsDir?: string;
}

export interface MigrateResult {
  /** Migrations applied by this call, in order. */
  readonly applied: string[];
  /** Migrations that were already applied. */
  readonly alreadyApplied: string[];
}

// Prisma's own advisory lock key, so this runner and a real `prisma migrate deploy`
// exclude each other as well as two starts of this runner.
const MIGRATION_LOCK_KEY = 72707369;

// The table exactly as Prisma's schema engine creates it, so `prisma migrate deploy`
// and `prisma migrate status` elsewhere see these migrations as applied.
const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                  VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"            VARCHAR(64) NOT NULL,
    "finished_at"         TIMESTAMPTZ,
    "migration_name"      VARCHAR(255) NOT NULL,
    "logs"                TEXT,
    "rolled_back_at"      TIMESTAMPTZ,
    "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
}

/**
 * Applies pending SQL migrations in name order, each in its own transaction, under an
 * advisory lock. Refuses to run when an applied migration's file changed or a previous
 * (Prisma) run left a migration failed.
 */
export async function migrate(options: MigrateOptions): Promise<MigrateResult> {
  const files = await readMigrationFiles(options.migrationsDir ?? defaultMigrationsDir);
  const client = new pg.Client({ connectionString: options.url });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const result = await applyPending(client, files);
      if (options.localRoles) {
        await ensureLocalRoles(client, options.localPassword ?? defaultLocalDbPassword);
      }
      return result;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
}

async function applyPending(client: pg.Client, files: MigrationFile[]): Promise<MigrateResult> {
  await client.query(CREATE_MIGRATIONS_TABLE);
  const { rows } = await client.query<AppliedRow>(
    `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations"
      WHERE rolled_back_at IS NULL`,
  );
  const applied = new Map(rows.map((r) => [r.migration_name, r]));
  assertHistoryIntact(files, applied);

  const done: string[] = [];
  for (const file of files) {
    if (applied.has(file.name)) continue;
    await applyOne(client, file);
    done.push(file.name);
  }
  return {
    applied: done,
    alreadyApplied: files.filter((f) => applied.has(f.name)).map((f) => f.name),
  };
}

function assertHistoryIntact(files: MigrationFile[], applied: Map<string, AppliedRow>): void {
  for (const row of applied.values()) {
    if (row.finished_at === null) {
      throw new Error(
        `Migration ${row.migration_name} is recorded as started but not finished (a failed run). ` +
          'Inspect the database, then mark it rolled back or applied before migrating again.',
      );
    }
  }
  for (const file of files) {
    const row = applied.get(file.name);
    if (row && row.checksum !== file.checksum) {
      throw new Error(
        `Migration ${file.name} was changed after it was applied (checksum ${row.checksum} in the ` +
          `database, ${file.checksum} on disk). Applied migrations are immutable: add a new one.`,
      );
    }
  }
}

/** The migration and its bookkeeping row commit together or not at all. */
async function applyOne(client: pg.Client, file: MigrationFile): Promise<void> {
  const id = randomUUID();
  await client.query('BEGIN');
  try {
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
       VALUES ($1, $2, $3, clock_timestamp(), 0)`,
      [id, file.checksum, file.name],
    );
    // One simple-protocol query: DO blocks and function bodies stay intact.
    await client.query(file.sql);
    await client.query(
      `UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = 1
        WHERE id = $1`,
      [id],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw new Error(
      `Migration ${file.name} failed and was rolled back: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}
