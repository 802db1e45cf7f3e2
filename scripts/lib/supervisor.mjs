// Starts named child processes with prefixed output and stops everything it
// started (children first, then services) on Ctrl-C, SIGTERM or a child's crash.
import { spawn } from 'node:child_process';

export function createSupervisor(log = console.log) {
  const children = [];
  const cleanups = [];
  let stopping = null;

  function prefixLines(name, stream, target) {
    let buffered = '';
    stream.on('data', (chunk) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop();
      for (const line of lines) target.write(`[${name}] ${line}\n`);
    });
  }

  function run(name, command, args, { env, cwd, onExit } = {}) {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    prefixLines(name, child.stdout, process.stdout);
    prefixLines(name, child.stderr, process.stderr);
    child.on('exit', (code, signal) => {
      if (!stopping) onExit?.(code, signal);
    });
    children.push({ name, child });
    return child;
  }

  function onStop(cleanup) {
    cleanups.unshift(cleanup);
  }

  async function stopChild({ name, child }) {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      process.kill(-child.pid, 'SIGTERM'); // the whole process group: pnpm/next spawn their own children
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      log(`${name} did not stop in 10 s; killing it`);
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 10_000);
    await exited;
    clearTimeout(timer);
  }

  function stopAll() {
    stopping ??= (async () => {
      await Promise.all(children.map(stopChild));
      for (const cleanup of cleanups) {
        try {
          await cleanup();
        } catch (error) {
          log(`cleanup failed: ${error.message}`);
        }
      }
    })();
    return stopping;
  }

  function stopOnSignals() {
    // A repeated signal while stopping is let be: Ctrl-C reaches both the command and the process that started it
    // on the project's Node (scripts/lib/node-runtime.mjs), which passes it on as well.
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
      process.on(signal, () => {
        if (stopping) return;
        log(`\n${signal}: stopping everything that was started ...`);
        stopAll().then(() => process.exit(0));
      });
    }
  }

  return { run, onStop, stopAll, stopOnSignals };
}
