// The local stand-ins (packages/stand-ins) for the demo and the end-to-end tests: Jitsi Meet (health
// endpoint and IFrame API on loopback http, decision 0005), communication-service (messaging threads) and an
// AI gateway (the scribe's OpenAI-compatible API).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { root } from './bootstrap.mjs';

export const DEMO_JITSI_APP_ID = 'virtual-care-demo';

export function startJitsiStandIn({ port = 0, jwtSecret, supervisor, log = console.log }) {
  return startStandIn('jitsi', ['--port', String(port), '--app-id', DEMO_JITSI_APP_ID], {
    env: { JITSI_STANDIN_JWT_SECRET: jwtSecret },
    supervisor,
    log,
  });
}

/** A FHIR R4 server (create with If-None-Exist, read, search by identifier), for FHIR_BASE_URL. */
export function startFhirStandIn({ port = 0, supervisor, log = console.log }) {
  return startStandIn('fhir', ['--port', String(port)], { supervisor, log });
}

/**
 * communication-service: the protocol over HTTP, and, given NATS, the thread of every
 * `session.fallback.initiated.v1` on the events stream (the worker's NATS_STREAM / NATS_SUBJECT_PREFIX).
 */
export function startCommunicationStandIn({ port = 0, natsUrl, supervisor, log = console.log }) {
  const args = ['--port', String(port)];
  if (natsUrl) args.push('--nats-url', natsUrl);
  if (process.env.NATS_SUBJECT_PREFIX)
    args.push('--subject-prefix', process.env.NATS_SUBJECT_PREFIX);
  if (process.env.NATS_STREAM) args.push('--stream', process.env.NATS_STREAM);
  return startStandIn('communication', args, { supervisor, log });
}

/**
 * The AI gateway of the scribe, checking a bearer key made for this run: resolves with its URL and that key,
 * for AI_GATEWAY_URL and AI_GATEWAY_API_KEY.
 */
export async function startAiGatewayStandIn({ port = 0, supervisor, log = console.log }) {
  const apiKey = `sk-local-${randomBytes(24).toString('base64url')}`;
  const url = await startStandIn('ai-gateway', ['--port', String(port)], {
    env: { AI_GATEWAY_STANDIN_API_KEY: apiKey },
    supervisor,
    log,
  });
  return { url, apiKey };
}

/** Runs `cli.ts <name> ...args` until the supervisor stops; resolves with the URL it prints when ready. */
function startStandIn(name, args, { env = {}, supervisor, log }) {
  const cli = path.join(root, 'packages/stand-ins/src/cli.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', cli, name, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr.on('data', (chunk) => log(`${name} stand-in: ${String(chunk).trim()}`));
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
      const ready = new RegExp(`ready ${name} (\\S+)`).exec(output);
      if (ready) resolve(ready[1].replace('127.0.0.1', 'localhost'));
    });
    child.once('exit', (code) =>
      reject(new Error(`the ${name} stand-in exited (${code}) before it was ready`)),
    );
  });
}
