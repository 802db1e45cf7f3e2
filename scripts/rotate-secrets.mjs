#!/usr/bin/env node
// `pnpm secrets:rotate`: re-wraps every encrypted tenant credential under the current master key.
// SECRET_STORE_MASTER_KEY="new:<base64>,old:<base64>" (the first is current; keep the old ones listed until this
// has run), or SECRET_STORE_MASTER_KEY_FILE. Connects with MIGRATION_DATABASE_URL, else DATABASE_URL, else the start
// command's database (.data/stack.json, whose local-secrets.json also supplies the key). Safe to run again.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { useProjectNode } from './lib/node-runtime.mjs';

await useProjectNode();

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = path.resolve(root, process.env.VIRTUAL_CARE_DATA_DIR ?? '.data');

function readJson(file) {
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
}

function settings() {
  const stack = readJson(path.join(dataDir, 'stack.json'));
  const local = readJson(path.join(dataDir, 'local-secrets.json'));
  const url =
    process.env.MIGRATION_DATABASE_URL || process.env.DATABASE_URL || stack?.databaseAdminUrl;
  if (!url)
    throw new Error(
      'no database: set MIGRATION_DATABASE_URL or DATABASE_URL, or run `pnpm start` first',
    );
  const keys = {
    SECRET_STORE_MASTER_KEY:
      process.env.SECRET_STORE_MASTER_KEY ||
      (process.env.SECRET_STORE_MASTER_KEY_FILE ? undefined : local?.SECRET_STORE_MASTER_KEY),
    SECRET_STORE_MASTER_KEY_FILE: process.env.SECRET_STORE_MASTER_KEY_FILE,
  };
  return { url, keys };
}

async function main() {
  const { url, keys } = settings();
  const { createDatabase } = await tsImport('../packages/db/src/index.ts', import.meta.url);
  const api = await tsImport(
    '../packages/api/src/secrets/rotation.cli-support.ts',
    import.meta.url,
  );
  const db = createDatabase({ url, maxConnections: 1 });
  try {
    const report = await api.rotateWithEnvKeys(db, keys);
    console.log(
      `Rotated to master key ${report.keyId}: ${report.rewrapped} re-wrapped, ${report.current} already current, ${report.tenants} tenant configs.`,
    );
    if (report.failed.length > 0) {
      console.error(
        `[secrets:rotate] could not re-wrap the credentials of ${report.failed.length} tenant(s), left unchanged: ${report.failed.join(', ')}`,
      );
      console.error(
        '[secrets:rotate] is the master key they were written with still listed in SECRET_STORE_MASTER_KEY?',
      );
      process.exitCode = 1;
    }
  } finally {
    await db.close();
  }
}

main().catch((error) => {
  console.error(`[secrets:rotate] ${error.message ?? error}`);
  process.exit(1);
});
