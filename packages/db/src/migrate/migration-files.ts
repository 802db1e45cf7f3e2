import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface MigrationFile {
  /** Folder name, e.g. `20260418000000_init`: also the order of application. */
  readonly name: string;
  readonly sql: string;
  /** sha256 hex of the file's bytes, as Prisma records it in `_prisma_migrations.checksum`. */
  readonly checksum: string;
}

/**
 * prisma/migrations at the repository root. Built with path, not `new URL(..., import.meta.url)`,
 * which bundlers (Next's Turbopack) treat as an asset to bundle.
 */
export const defaultMigrationsDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../prisma/migrations',
);

/** Reads `<dir>/<timestamp>_<name>/migration.sql` in Prisma's folder format, sorted by name. */
export async function readMigrationFiles(dir: string): Promise<MigrationFile[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory() && /^\d{14}_[\w-]+$/.test(e.name))
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const bytes = await readFile(path.join(dir, name, 'migration.sql'));
      return {
        name,
        sql: bytes.toString('utf8'),
        checksum: createHash('sha256').update(bytes).digest('hex'),
      };
    }),
  );
}
