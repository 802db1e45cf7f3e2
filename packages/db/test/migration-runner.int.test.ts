import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { defaultMigrationsDir, readMigrationFiles } from '../src/migrate/migration-files';
import { migrate } from '../src/migrate/migration.runner';

/** Each test migrates a database of its own, created next to the shared one. */
async function freshDatabase(): Promise<string> {
  const adminUrl = inject('adminUrl');
  const name = `vc_migrate_${randomUUID().replaceAll('-', '')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  created.push(name);
  return u.toString();
}

const created: string[] = [];
afterAll(async () => {
  const admin = new pg.Client({ connectionString: inject('adminUrl') });
  await admin.connect();
  for (const name of created) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
});

async function appliedRows(url: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      applied_steps_count: number;
    }>(
      'SELECT migration_name, checksum, finished_at, applied_steps_count FROM _prisma_migrations ORDER BY migration_name',
    );
    return rows;
  } finally {
    await c.end();
  }
}

describe('migration runner', () => {
  it('applies every migration once, recorded the way Prisma records them', async () => {
    const url = await freshDatabase();
    const files = await readMigrationFiles(defaultMigrationsDir);
    const first = await migrate({ url });
    expect(first.applied).toEqual(files.map((f) => f.name));
    const again = await migrate({ url, localRoles: true });
    expect(again).toEqual({ applied: [], alreadyApplied: files.map((f) => f.name) });
    const rows = await appliedRows(url);
    expect(rows.map((r) => [r.migration_name, r.checksum, r.applied_steps_count])).toEqual(
      files.map((f) => [f.name, f.checksum, 1]),
    );
    expect(rows.every((r) => r.finished_at instanceof Date)).toBe(true);
  });

  it('is safe when several start at once (advisory lock)', async () => {
    const url = await freshDatabase();
    const results = await Promise.all([1, 2, 3].map(() => migrate({ url, localRoles: true })));
    const appliedCounts = results.map((r) => r.applied.length).sort();
    const files = await readMigrationFiles(defaultMigrationsDir);
    expect(appliedCounts).toEqual([0, 0, files.length]);
    expect(await appliedRows(url)).toHaveLength(files.length);
  });

  it('refuses to continue when an applied migration was edited', async () => {
    const url = await freshDatabase();
    const dir = mkdtempSync(path.join(tmpdir(), 'vc-migrations-'));
    try {
      cpSync(defaultMigrationsDir, dir, { recursive: true });
      await migrate({ url, migrationsDir: dir });
      const files = await readMigrationFiles(dir);
      appendFileSync(path.join(dir, files[0]?.name ?? '', 'migration.sql'), '\n-- edited\n');
      await expect(migrate({ url, migrationsDir: dir })).rejects.toThrow(
        /was changed after it was applied/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rolls a failing migration back completely and records nothing', async () => {
    const url = await freshDatabase();
    const dir = mkdtempSync(path.join(tmpdir(), 'vc-migrations-'));
    try {
      cpSync(defaultMigrationsDir, dir, { recursive: true });
      const bad = path.join(dir, '29990101000000_broken');
      cpSync(path.join(dir, (await readMigrationFiles(dir))[0]?.name ?? ''), bad, {
        recursive: true,
      });
      // Re-creating the first migration's tables fails half-way.
      await expect(migrate({ url, migrationsDir: dir })).rejects.toThrow(
        /29990101000000_broken failed/,
      );
      const rows = await appliedRows(url);
      expect(rows.map((r) => r.migration_name)).not.toContain('29990101000000_broken');
      expect(rows.every((r) => r.finished_at !== null)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
