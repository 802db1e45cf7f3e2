import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import path from 'node:path';

/** The product under test, as the start command left it in VIRTUAL_CARE_DATA_DIR (stack.json). */
export interface StartedProduct {
  baseUrl: string;
  databaseAdminUrl: string;
  /** The local Jitsi stand-in the demo tenant uses. */
  jitsiUrl: string;
  /** The scribe's AI gateway: the local stand-in (`POST /__control { mode }` switches it) unless AI_GATEWAY_URL was set. */
  aiGatewayUrl: string;
  /** The web app's environment: enough to start another web process on the same build. */
  webEnv: Record<string, string>;
}

export const repositoryRoot = path.resolve(import.meta.dirname, '../../../..');
const webDir = path.join(repositoryRoot, 'apps/web');

export function startedProduct(): StartedProduct {
  const dataDir = process.env.VIRTUAL_CARE_DATA_DIR;
  if (!dataDir) throw new Error('VIRTUAL_CARE_DATA_DIR is not set (the test command sets it)');
  return JSON.parse(readFileSync(path.join(dataDir, 'stack.json'), 'utf8')) as StartedProduct;
}

/** `pnpm -s api-token <email>`, the documented way to get a bearer token for the demo (docs/api.md). */
export function demoToken(email: string): string {
  return execFileSync(process.execPath, [path.join(repositoryRoot, 'scripts/token.mjs'), email], {
    encoding: 'utf8',
  }).trim();
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Resolves once something accepts TCP connections on the port: no HTTP request reaches the server. */
async function waitForListener(port: number, child: ChildProcess, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the web process exited (${child.exitCode})`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no web process listening on ${port} after ${timeoutMs} ms`);
}

export interface FreshWebProcess {
  baseUrl: string;
  /** What the process wrote, for a failure message. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Another web process on the product's build and database, just started: nobody has sent it a request yet,
 * so its first request finds every module graph cold, like the first patient after a deploy.
 */
export async function startFreshWebProcess(
  product: StartedProduct,
  /** Set on top of the product's environment, e.g. FHIR_BASE_URL for a chart the test reads. */
  env: Record<string, string> = {},
): Promise<FreshWebProcess> {
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const child = spawn('pnpm', ['exec', 'next', 'start', '--port', String(port)], {
    cwd: webDir,
    // Another instance of the same deployment: the same public address, which the join links it issued are for.
    env: {
      ...process.env,
      ...product.webEnv,
      PUBLIC_BASE_URL: product.baseUrl,
      ...env,
      NEXTAUTH_URL: baseUrl,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await waitForListener(port, child);
  return {
    baseUrl,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
