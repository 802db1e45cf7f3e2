// NATS with JetStream for the start, test and bench commands.
//
// The product needs nats-server 2.10 or later (README). Debian 12 (bookworm) ships 2.9, and no npm package ships a
// server binary that installs offline (the ones that exist download it from elsewhere at install time). Debian 13
// (trixie, the current stable release) ships 2.10, pinned below. `apt-get download` fetches that one package from
// the Debian archive this machine's apt already uses, checked against the Debian archive keyring like any package,
// and `dpkg-deb -x` unpacks it into .runtime/: it is a Go program that needs nothing but glibc 2.34 or later, so it
// runs on bookworm as it is. Nothing is installed into the system, nothing of the newer release reaches apt's own
// sources, and a second run finds it in .runtime/ and fetches nothing.
//
// When that cannot be had (no apt, no archive), the commands fall back to a `nats-server` on PATH, then to the
// machine's own Debian package, and say which version runs, and when it is older than 2.10.
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { root } from './bootstrap.mjs';
import { freePort, waitForPort } from './ports.mjs';

/** The nats-server the commands run and the tests are run against. To move on, change both versions. */
export const NATS_SERVER = { version: '2.10.27', debianVersion: '2.10.27-1+b2', suite: 'trixie' };
const MINIMUM = [2, 10];
const runtimeDir = path.join(root, '.runtime');

function versionOf(binary) {
  const result = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  if (result.status !== 0) return null;
  return /v?(\d+\.\d+\.\d+)/.exec(result.stdout)?.[1] ?? null;
}

function atLeastMinimum(version) {
  const [major, minor] = version.split('.').map(Number);
  return major > MINIMUM[0] || (major === MINIMUM[0] && minor >= MINIMUM[1]);
}

const isRoot = () => process.getuid?.() === 0;
const hasCommand = (command) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;

function canInstallDebianPackages() {
  return isRoot() && hasCommand('apt-get');
}

/** Installs Debian packages that are missing; returns false when this machine cannot. */
export function ensureDebianPackages(packages, log = console.log) {
  // A package counts as there when its command (`binary`) or one of its files (`file`) is.
  const missing = packages.filter(({ binary, file }) =>
    file ? !existsSync(file) : !hasCommand(binary),
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

const unpackedBinary = (debianVersion) =>
  path.join(runtimeDir, `nats-server-${debianVersion}`, 'usr', 'sbin', 'nats-server');

/**
 * The Debian archive this machine's apt uses for its own release (URI and keyring), read from its sources; null
 * when this is not a Debian machine with such a source.
 */
function debianArchive() {
  const osRelease = existsSync('/etc/os-release') ? readFileSync('/etc/os-release', 'utf8') : '';
  if (!/^ID=debian$/m.test(osRelease)) return null;
  const codename = /^VERSION_CODENAME=(\S+)$/m.exec(osRelease)?.[1];
  const entries = [];
  const sourcesDir = '/etc/apt/sources.list.d';
  const files = [
    '/etc/apt/sources.list',
    ...(existsSync(sourcesDir) ? readdirSync(sourcesDir).map((f) => path.join(sourcesDir, f)) : []),
  ].filter((file) => existsSync(file));
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    if (file.endsWith('.sources')) {
      for (const stanza of text.split(/\n\s*\n/)) {
        const field = (name) =>
          new RegExp(`^${name}:[ \\t]*(.*)$`, 'mi').exec(stanza.replace(/^#.*$/gm, ''))?.[1].trim();
        if (!/\bdeb\b/.test(field('Types') ?? '') || field('Enabled') === 'no') continue;
        entries.push({
          uris: (field('URIs') ?? '').split(/\s+/),
          suites: (field('Suites') ?? '').split(/\s+/),
          components: (field('Components') ?? '').split(/\s+/),
          keyring: field('Signed-By'),
        });
      }
    } else if (file.endsWith('.list')) {
      for (const line of text.split('\n')) {
        const match = /^deb\s+(?:\[([^\]]*)\]\s+)?(\S+)\s+(\S+)\s+(.*)$/.exec(line.trim());
        if (!match) continue;
        entries.push({
          uris: [match[2]],
          suites: [match[3]],
          components: match[4].split(/\s+/),
          keyring: /signed-by=(\S+)/.exec(match[1] ?? '')?.[1],
        });
      }
    }
  }
  const main = entries.find(
    (entry) => entry.suites.includes(codename) && entry.components.includes('main'),
  );
  if (!main?.uris[0]) return null;
  const defaultKeyring = '/usr/share/keyrings/debian-archive-keyring.gpg';
  const keyring =
    main.keyring && main.keyring.startsWith('/')
      ? main.keyring
      : existsSync(defaultKeyring)
        ? defaultKeyring
        : undefined;
  return { uri: main.uris[0], keyring };
}

/**
 * Fetches the pinned nats-server package of Debian `NATS_SERVER.suite` and unpacks it into .runtime/; returns the
 * binary, or null (the reason logged). Falls back to the suite's current build of the package when the pinned one
 * has left the archive (a point release replaced it), and says so.
 */
function fetchDebianNatsServer(log) {
  const archive = debianArchive();
  if (!archive || !hasCommand('apt-get') || !hasCommand('dpkg-deb')) return null;
  mkdirSync(runtimeDir, { recursive: true });
  const work = mkdtempSync(path.join(runtimeDir, '.nats-'));
  try {
    for (const dir of ['lists/partial', 'cache/archives/partial', 'unpacked']) {
      mkdirSync(path.join(work, dir), { recursive: true });
    }
    const sourcesList = path.join(work, 'sources.list');
    const signedBy = archive.keyring ? `[signed-by=${archive.keyring}] ` : '';
    writeFileSync(sourcesList, `deb ${signedBy}${archive.uri} ${NATS_SERVER.suite} main\n`);
    // apt-get with its own sources, lists, cache and an empty status: the machine's apt state is not touched.
    const apt = (args) =>
      spawnSync(
        'apt-get',
        [
          '-q',
          '-o',
          `Dir::Etc::SourceList=${sourcesList}`,
          '-o',
          'Dir::Etc::SourceParts=/dev/null',
          '-o',
          `Dir::State::Lists=${path.join(work, 'lists')}`,
          '-o',
          `Dir::Cache=${path.join(work, 'cache')}`,
          '-o',
          'Dir::State::status=/dev/null',
          ...(isRoot() ? ['-o', 'APT::Sandbox::User=root'] : []),
          ...args,
        ],
        { cwd: work, encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } },
      );
    log(
      `NATS: fetching nats-server ${NATS_SERVER.debianVersion} (Debian ${NATS_SERVER.suite}) into .runtime/ ...`,
    );
    const update = apt(['update']);
    if (update.status !== 0) {
      log(
        `NATS: could not read Debian ${NATS_SERVER.suite}'s package list: ${update.stderr.trim()}`,
      );
      return null;
    }
    let download = apt(['download', `nats-server=${NATS_SERVER.debianVersion}`]);
    if (download.status !== 0) {
      log(
        `NATS: nats-server ${NATS_SERVER.debianVersion} is no longer in Debian ${NATS_SERVER.suite}; taking its current build (update NATS_SERVER in scripts/lib/nats.mjs)`,
      );
      download = apt(['download', 'nats-server']);
    }
    const deb = readdirSync(work).find((f) => /^nats-server_.*\.deb$/.test(f));
    if (download.status !== 0 || !deb) {
      log(`NATS: could not download nats-server: ${download.stderr.trim()}`);
      return null;
    }
    const debianVersion = decodeURIComponent(deb.split('_')[1]).replace(/^\d+:/, '');
    const unpacked = path.join(work, 'unpacked');
    if (spawnSync('dpkg-deb', ['-x', path.join(work, deb), unpacked]).status !== 0) return null;
    const version = versionOf(path.join(unpacked, 'usr', 'sbin', 'nats-server'));
    if (!version || !atLeastMinimum(version)) return null;
    const target = path.join(runtimeDir, `nats-server-${debianVersion}`);
    rmSync(target, { recursive: true, force: true });
    renameSync(unpacked, target);
    return unpackedBinary(debianVersion);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The nats-server binary to run: the pinned one, else one from PATH or the machine's own packages; or null. */
export function ensureNatsServer(log = console.log) {
  const pinned = unpackedBinary(NATS_SERVER.debianVersion);
  if (versionOf(pinned)) return pinned;
  const fetched = fetchDebianNatsServer(log);
  if (fetched) return fetched;
  if (
    !hasCommand('nats-server') &&
    !ensureDebianPackages([{ name: 'nats-server', binary: 'nats-server' }], log)
  ) {
    return null;
  }
  const version = versionOf('nats-server');
  if (!version) return null;
  log(
    atLeastMinimum(version)
      ? `NATS: nats-server ${version} from PATH (the tested one is ${NATS_SERVER.version})`
      : `NATS: WARNING: nats-server ${version} from PATH is older than the ${MINIMUM.join('.')} the product needs; tested with ${NATS_SERVER.version}`,
  );
  return 'nats-server';
}

/**
 * Starts nats-server with JetStream, or returns null (with the reason logged)
 * when no server binary can be had.
 */
export async function startNats({ storeDir, port, log = console.log }) {
  const binary = ensureNatsServer(log);
  if (!binary) {
    log(
      'NATS: nats-server is not installed and cannot be installed here (set NATS_URL to use an existing server).',
    );
    return null;
  }
  return runNatsServer(binary, { storeDir, port: port ?? (await freePort()), log });
}

/**
 * A local NATS cluster of `size` nodes (routes between all of them, each JetStream with its own store), so a stream
 * can be replicated (R3) and a node killed and restarted (scripts/scale-out.mjs). Resolves to its nodes, each with
 * `kill()` (SIGKILL) and `restart()` (same ports and store), and `servers`, their client URLs; null without a binary.
 */
export async function startNatsCluster({ storeDir, size = 3, log = console.log }) {
  const binary = ensureNatsServer(log);
  if (!binary) return null;
  const ports = [];
  for (let i = 0; i < size; i += 1)
    ports.push({ client: await freePort(), route: await freePort() });
  const routes = ports.map(({ route }) => `nats://127.0.0.1:${route}`).join(',');
  const nodes = ports.map(({ client, route }, i) => {
    const options = {
      storeDir: path.join(storeDir, `n${i + 1}`),
      port: client,
      log,
      // JetStream in a cluster needs a server name per node and the cluster's name.
      extraArgs: ['-n', `n${i + 1}`, '--cluster_name', 'virtual-care'],
      cluster: { listen: `nats://127.0.0.1:${route}`, routes },
    };
    const node = { name: `n${i + 1}`, url: `nats://127.0.0.1:${client}`, port: client };
    node.restart = async () => Object.assign(node, await runNatsServer(binary, options));
    return node;
  });
  await Promise.all(nodes.map((node) => node.restart()));
  return {
    nodes,
    servers: nodes.map((node) => node.url),
    stop: () => Promise.all(nodes.map((node) => node.stop())),
  };
}

/** Runs one nats-server with JetStream until stopped; resolves once it accepts connections. */
async function runNatsServer(binary, { storeDir, port, log, extraArgs = [], cluster }) {
  mkdirSync(storeDir, { recursive: true });
  const clusterArgs = cluster ? ['--cluster', cluster.listen, '--routes', cluster.routes] : [];
  const child = spawn(
    binary,
    ['-js', '-sd', storeDir, '-a', '127.0.0.1', '-p', String(port), ...extraArgs, ...clusterArgs],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  // Errors only, line by line; a cluster's routes to a peer that is down are retried by the server itself.
  child.stderr.on('data', (chunk) => {
    for (const line of String(chunk).split('\n')) {
      if (/\[(ERR|FTL)\]/.test(line) && !(cluster && /route|flushing/i.test(line)))
        log(`nats: ${line.trim()}`);
    }
  });
  await waitForPort(port);
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const ended = (signal) =>
    new Promise((resolve) => {
      if (exited()) return resolve();
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    version: versionOf(binary),
    process: child,
    stop: () => ended('SIGTERM'),
    kill: () => ended('SIGKILL'),
  };
}
