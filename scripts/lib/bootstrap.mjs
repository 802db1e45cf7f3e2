// Prepares a fresh machine with nothing but Node 20: pnpm (pinned), dependencies,
// and the generated Prisma client. Uses only Node built-ins, since it runs before
// any dependency is installed.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const pinnedPnpm = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).packageManager.split('@')[1];
// corepack's signature check fails against the registry mirrors some networks use.
const corepackEnv = { ...process.env, COREPACK_INTEGRITY_KEYS: '0', COREPACK_ENABLE_DOWNLOAD_PROMPT: '0' };

function pnpmVersion() {
  const result = spawnSync('pnpm', ['--version'], { env: corepackEnv, encoding: 'utf8', cwd: root });
  return result.status === 0 ? result.stdout.trim().split('\n').pop() : null;
}

export function ensurePnpm(log = console.log) {
  if (pnpmVersion() === pinnedPnpm) return;
  log(`Installing pnpm ${pinnedPnpm} ...`);
  const viaCorepack = spawnSync('corepack', ['enable', 'pnpm'], { env: corepackEnv, stdio: 'inherit' });
  if (viaCorepack.status !== 0 || pnpmVersion() !== pinnedPnpm) {
    execFileSync('npm', ['install', '--global', `pnpm@${pinnedPnpm}`], { stdio: 'inherit' });
  }
  if (pnpmVersion() !== pinnedPnpm) throw new Error(`could not install pnpm ${pinnedPnpm}`);
}

export function pnpm(args, options = {}) {
  execFileSync('pnpm', args, { cwd: root, stdio: 'inherit', env: { ...corepackEnv, ...options.env } });
}

export function installDependencies(log = console.log) {
  ensurePnpm(log);
  log('Installing dependencies ...');
  pnpm(['install', '--frozen-lockfile', '--reporter=append-only']);
  log('Generating the Prisma client ...');
  pnpm(['--filter', '@virtual-care/db', 'generate']);
}
