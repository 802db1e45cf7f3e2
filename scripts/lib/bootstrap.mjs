// Prepares a fresh machine with nothing but Node and npm: pnpm (pinned), dependencies,
// and the generated Prisma client. Uses only Node built-ins, since it runs before
// any dependency is installed (on the project's Node: scripts/lib/node-runtime.mjs).
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const pinnedPnpm = JSON.parse(
  readFileSync(path.join(root, 'package.json'), 'utf8'),
).packageManager.split('@')[1];
// corepack's signature check fails against the registry mirrors some networks use.
const corepackEnv = {
  ...process.env,
  COREPACK_INTEGRITY_KEYS: '0',
  COREPACK_ENABLE_DOWNLOAD_PROMPT: '0',
};

function pnpmVersion() {
  const result = spawnSync('pnpm', ['--version'], {
    env: corepackEnv,
    encoding: 'utf8',
    cwd: root,
  });
  return result.status === 0 ? result.stdout.trim().split('\n').pop() : null;
}

export function ensurePnpm(log = console.log) {
  if (pnpmVersion() === pinnedPnpm) return;
  log(`Installing pnpm ${pinnedPnpm} ...`);
  const viaCorepack = spawnSync('corepack', ['enable', 'pnpm'], {
    env: corepackEnv,
    stdio: 'inherit',
  });
  if (viaCorepack.status !== 0 || pnpmVersion() !== pinnedPnpm) {
    execFileSync('npm', ['install', '--global', `pnpm@${pinnedPnpm}`], { stdio: 'inherit' });
  }
  if (pnpmVersion() !== pinnedPnpm) throw new Error(`could not install pnpm ${pinnedPnpm}`);
}

export function pnpm(args, options = {}) {
  execFileSync('pnpm', args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...corepackEnv, ...options.env },
  });
}

export function installDependencies(log = console.log) {
  ensurePnpm(log);
  log('Installing dependencies ...');
  // pnpm 12's --frozen-lockfile insists on recording the packageManager pin, which
  // this registry does not publish in the form pnpm looks for; so install normally
  // and, in CI, refuse a lockfile the install had to change (the same guarantee).
  const lockfile = path.join(root, 'pnpm-lock.yaml');
  const lockedBefore = readFileSync(lockfile, 'utf8');
  pnpm(['install', '--no-frozen-lockfile', '--reporter=append-only']);
  if (process.env.CI && readFileSync(lockfile, 'utf8') !== lockedBefore) {
    throw new Error('pnpm-lock.yaml is out of date: run `pnpm install` and commit the lockfile');
  }
  log('Generating the Prisma client ...');
  pnpm(['--filter', '@virtual-care/db', 'generate']);
}
