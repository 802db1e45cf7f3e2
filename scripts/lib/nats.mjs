// NATS with JetStream for the start and test commands: `nats-server` from PATH,
// installed from Debian's packages when missing and this process may do so.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { freePort, waitForPort } from './ports.mjs';

function hasNatsServer() {
  return spawnSync('nats-server', ['--version'], { encoding: 'utf8' }).status === 0;
}

function canInstallDebianPackages() {
  return process.getuid?.() === 0 && spawnSync('apt-get', ['--version']).status === 0;
}

/** Installs Debian packages that are missing; returns false when this machine cannot. */
export function ensureDebianPackages(packages, log = console.log) {
  // A package counts as there when its command (`binary`) or one of its files (`file`) is.
  const missing = packages.filter(({ binary, file }) =>
    file ? !existsSync(file) : spawnSync('sh', ['-c', `command -v ${binary}`]).status !== 0,
  );
  if (missing.length === 0) return true;
  if (!canInstallDebianPackages()) return false;
  const names = missing.map(({ name }) => name);
  log(`Installing Debian packages: ${names.join(' ')} ...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  return (
    spawnSync('apt-get', ['install', '-y', '-qq', ...names], { stdio: 'inherit', env }).status === 0
  );
}

/**
 * Starts nats-server with JetStream, or returns null (with the reason logged)
 * when no server binary can be had.
 */
export async function startNats({ storeDir, port, log = console.log }) {
  if (
    !hasNatsServer() &&
    !ensureDebianPackages([{ name: 'nats-server', binary: 'nats-server' }], log)
  ) {
    log(
      'NATS: nats-server is not installed and cannot be installed here (set NATS_URL to use an existing server).',
    );
    return null;
  }
  mkdirSync(storeDir, { recursive: true });
  const selectedPort = port ?? (await freePort());
  const child = spawn(
    'nats-server',
    ['-js', '-sd', storeDir, '-a', '127.0.0.1', '-p', String(selectedPort)],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  child.stderr.on('data', (chunk) => {
    const text = String(chunk);
    if (/\[(ERR|FTL)\]/.test(text)) log(`nats: ${text.trim()}`);
  });
  await waitForPort(selectedPort);
  return {
    url: `nats://127.0.0.1:${selectedPort}`,
    port: selectedPort,
    process: child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
