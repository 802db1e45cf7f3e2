/**
 * The parent's side of bench/server-process.ts: forks a server under test into its own Node process (as the API
 * runs in production) and talks to it over the IPC channel.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export type ServerMode = 'api' | 'bare-hmac' | 'ai-gateway' | 'waiting-room';

/** Mean ms per request spent in one instrumented port. */
export type ProfileEntry = readonly [name: string, msPerRequest: number];

export type ParentMessage =
  { type: 'reset-profile' } | { type: 'profile'; count: number } | { type: 'stop' };

export type ChildMessage =
  | { type: 'ready'; url: string }
  | { type: 'profile-reset' }
  | { type: 'profile'; entries: ProfileEntry[] };

export interface ServerProcess {
  readonly url: string;
  readonly pid: number;
  /** Clears the port timers; resolves once the child has done so, so no measured request is lost. */
  resetProfile(): Promise<void>;
  /** The port timers since the last reset, divided by `count` requests. */
  profile(count: number): Promise<ProfileEntry[]>;
  stop(): Promise<void>;
}

const ENTRY = fileURLToPath(new URL('./server-process.ts', import.meta.url));
const STOP_GRACE_MS = 5_000;

/**
 * Starts `mode` with `env` and NODE_ENV=production (as scripts/start.mjs runs the server) as its whole environment:
 * nothing is inherited, so the shell's variables cannot change the child's configuration. Resolves once it listens;
 * the child is killed if this process exits first.
 */
export async function spawnServer(
  mode: ServerMode,
  env: Record<string, string>,
): Promise<ServerProcess> {
  const child = fork(ENTRY, [mode], {
    // BENCH_CPU_PROFILE=<dir>: the server writes a V8 CPU profile there when it stops (open it in Chrome DevTools).
    execArgv: ['--import', 'tsx', ...cpuProfileFlags(process.env.BENCH_CPU_PROFILE)],
    env: { NODE_ENV: 'production', ...env },
  });
  const kill = () => child.kill('SIGKILL');
  process.on('exit', kill);
  child.once('exit', () => process.off('exit', kill));
  try {
    const { url } = await reply(child, 'ready');
    return {
      url,
      pid: child.pid ?? 0,
      resetProfile: async () => {
        child.send({ type: 'reset-profile' } satisfies ParentMessage);
        await reply(child, 'profile-reset');
      },
      profile: async (count) => {
        child.send({ type: 'profile', count } satisfies ParentMessage);
        return (await reply(child, 'profile')).entries;
      },
      stop: () => stop(child),
    };
  } catch (error) {
    kill();
    throw error;
  }
}

/** The child's next message of `type`; rejects if it exits first (its stderr is inherited, so the cause shows). */
function reply<T extends ChildMessage['type']>(
  child: ChildProcess,
  type: T,
): Promise<Extract<ChildMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: ChildMessage) => {
      if (message.type !== type) return;
      detach();
      resolve(message as Extract<ChildMessage, { type: T }>);
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      detach();
      reject(new Error(`server process exited (${signal ?? code}) before sending '${type}'`));
    };
    const detach = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

/** Asks the child to close its server and pools; kills it if it has not exited within the grace period. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  if (child.connected) child.send({ type: 'stop' } satisfies ParentMessage);
  else child.kill('SIGKILL');
  await exited;
  clearTimeout(timer);
}

function cpuProfileFlags(dir: string | undefined): string[] {
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}
