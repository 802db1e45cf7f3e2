// The local Jitsi Meet stand-in (packages/stand-ins) for the demo and the end-to-end
// tests: health endpoint and IFrame API on loopback http (decision 0005).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { root } from './bootstrap.mjs';

export const DEMO_JITSI_APP_ID = 'virtual-care-demo';

export function startJitsiStandIn({ port = 0, jwtSecret, supervisor, log = console.log }) {
  const cli = path.join(root, 'packages/stand-ins/src/cli.ts');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', cli, 'jitsi', '--port', String(port), '--app-id', DEMO_JITSI_APP_ID],
    {
      cwd: root,
      env: { ...process.env, JITSI_STANDIN_JWT_SECRET: jwtSecret },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stderr.on('data', (chunk) => log(`jitsi stand-in: ${String(chunk).trim()}`));
  supervisor.onStop(
    () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  );
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const ready = /ready jitsi (\S+)/.exec(output);
      if (ready) resolve(ready[1].replace('127.0.0.1', 'localhost'));
    });
    child.once('exit', (code) =>
      reject(new Error(`the Jitsi stand-in exited (${code}) before it was ready`)),
    );
  });
}
