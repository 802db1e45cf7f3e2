#!/usr/bin/env node
// `pnpm licence <tenant-slug> on|off`: the platform admin's switch for the virtual-care module of one tenant
// (`pnpm licence` alone lists every tenant). Connects with MIGRATION_DATABASE_URL, else DATABASE_URL, else the
// start command's database (.data/stack.json). Running web processes cache licence answers for up to 10 seconds
// (packages/api/src/composition/licence-cache.ts), so a change is in force everywhere within 10 s.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { useProjectNode } from './lib/node-runtime.mjs';

await useProjectNode();

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [slug, state] = process.argv.slice(2);

function databaseUrl() {
  const fromEnv = process.env.MIGRATION_DATABASE_URL || process.env.DATABASE_URL;
  if (fromEnv) return fromEnv;
  const dataDir = path.resolve(root, process.env.VIRTUAL_CARE_DATA_DIR ?? '.data');
  const stackFile = path.join(dataDir, 'stack.json');
  if (existsSync(stackFile)) return JSON.parse(readFileSync(stackFile, 'utf8')).databaseAdminUrl;
  throw new Error(
    'no database: set MIGRATION_DATABASE_URL or DATABASE_URL, or run `pnpm start` first',
  );
}

async function main() {
  if (slug !== undefined && state !== 'on' && state !== 'off') {
    throw new Error('usage: pnpm licence [<tenant-slug> on|off]');
  }
  const { createDatabase } = await tsImport('../packages/db/src/index.ts', import.meta.url);
  const db = createDatabase({ url: databaseUrl(), maxConnections: 1 });
  try {
    const { licensing } = db;
    if (slug === undefined) {
      for (const t of await licensing.list())
        console.log(`${t.virtualCareLicensed ? 'on ' : 'off'}  ${t.slug}  (${t.name})`);
      return;
    }
    const tenant = await licensing.setVirtualCare(slug, state === 'on');
    if (!tenant) throw new Error(`no tenant with slug "${slug}" (pnpm licence lists them)`);
    console.log(
      `Virtual care is now ${state} for ${tenant.slug} (${tenant.name}); running apps pick it up within 10 s.`,
    );
  } finally {
    await db.close();
  }
}

main().catch((error) => {
  console.error(`[licence] ${error.message ?? error}`);
  process.exit(1);
});
