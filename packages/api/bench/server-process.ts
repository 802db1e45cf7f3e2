/**
 * A server under test in its own Node process, forked by bench/spawn-server.ts (`node --import tsx
 * server-process.ts <mode>`), so it has an event loop (and a core) of its own as in production instead of sharing
 * one with the load generator. Modes:
 *   api         the session REST API and, on its own more specific path as the web app mounts it, the transcribe
 *               endpoint, composed from this process's environment (config, services, bearer auth, fetch
 *               handlers) with their ports timed; the parent reads that profile over IPC;
 *   bare-hmac   the join baseline: a bare node:http server that only verifies the HMAC (key in BARE_HMAC_KEY);
 *   ai-gateway  the AI gateway stand-in (an outside system), which the transcribe bench calls both directly and
 *               through the endpoint, so neither path shares an event loop with it or with the load generator;
 *   waiting-room  a web process for waiting patients and live dashboards (bench/waiting-room-host.ts).
 * Answers 'ready' once listening; on 'stop' (or when the parent goes away) closes everything and exits.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { ApiServices } from '../src';
import { closeServer, hostFetchHandler, listen } from './http-host';
import type { ChildMessage, ParentMessage, ProfileEntry } from './spawn-server';

interface HostedServer {
  url: string;
  /** This process's CPU per request, and (the API) its ports' timers. */
  timings: Timings;
  close(): Promise<void>;
}

interface Timings {
  reset(): void;
  snapshot(count: number): ProfileEntry[];
}

async function main(mode: string): Promise<void> {
  const send = process.send?.bind(process);
  if (!send)
    throw new Error('server-process.ts is forked by spawn-server.ts (it needs an IPC channel)');
  const hosted = await host(mode);
  const reply = (message: ChildMessage) => send(message);
  process.on('message', (raw) => {
    const message = raw as ParentMessage;
    switch (message.type) {
      case 'reset-profile':
        hosted.timings.reset();
        reply({ type: 'profile-reset' });
        break;
      case 'profile':
        reply({ type: 'profile', entries: hosted.timings.snapshot(message.count) });
        break;
      case 'stop':
        hosted.close().then(
          () => process.exit(0),
          (error: unknown) => {
            console.error(error);
            process.exit(1);
          },
        );
        break;
    }
  });
  // The parent died or dropped the channel: nobody will send 'stop', so do not linger.
  process.on('disconnect', () => process.exit(0));
  reply({ type: 'ready', url: hosted.url });
}

function host(mode: string): Promise<HostedServer> {
  switch (mode) {
    case 'api':
      return hostApi(process.env);
    case 'bare-hmac':
      return hostBareHmac(Buffer.from(process.env.BARE_HMAC_KEY ?? '', 'base64url'));
    case 'ai-gateway':
      return hostAiGateway();
    case 'waiting-room':
      return import('./waiting-room-host').then(({ hostWaitingRoom }) =>
        hostWaitingRoom(process.env),
      );
    default:
      throw new Error(`unknown mode '${mode}' (api | bare-hmac | ai-gateway | waiting-room)`);
  }
}

/** The transcribe route's path (apps/web/src/app/api/v1/virtual-care/sessions/[id]/ai/transcribe/route.ts). */
const TRANSCRIBE_PATH = /^\/api\/v1\/virtual-care\/sessions\/([^/]+)\/ai\/transcribe$/;

/**
 * The REST API behind a node:http to fetch bridge, as Next's route handlers host it. Imported here, not at the top,
 * so the baselines' processes do not load (and start up with) the API and its Prisma client.
 */
async function hostApi(env: NodeJS.ProcessEnv): Promise<HostedServer> {
  const {
    createBearerAuthenticator,
    createRestHandler,
    createServices,
    createTranscribeRoute,
    loadApiConfig,
  } = await import('../src');
  const config = loadApiConfig(env);
  const services = createServices(config);
  const timings = instrument(services);
  const auth = createBearerAuthenticator(config.bearer);
  const authenticate = (r: Request) => auth(r.headers.get('authorization'));
  const rest = createRestHandler({ services, authenticate });
  const transcribe = createTranscribeRoute({ services, authenticate });
  const { url, server } = await hostFetchHandler((request) => {
    const sessionId = TRANSCRIBE_PATH.exec(new URL(request.url).pathname)?.[1];
    return request.method === 'POST' && sessionId !== undefined
      ? transcribe(request, sessionId)
      : rest(request);
  });
  return {
    url,
    timings,
    close: async () => {
      await closeServer(server);
      await services.close();
    },
  };
}

/** The baseline for join validation: parse the query, verify the HMAC (constant time), answer 200. */
async function hostBareHmac(key: Buffer): Promise<HostedServer> {
  if (key.length === 0) throw new Error('BARE_HMAC_KEY is not set');
  const server = createServer((req, res) => {
    const token = new URL(req.url ?? '/', 'http://x').searchParams.get('token') ?? '';
    const [payload = '', mac = ''] = token.split('.');
    const expected = createHmac('sha256', key).update(payload).digest();
    const given = Buffer.from(mac, 'base64url');
    const ok = given.length === expected.length && timingSafeEqual(given, expected);
    res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
    res.end(ok ? '{"valid":true}' : '{"valid":false}');
  });
  return { url: await listen(server), timings: timers().timings, close: () => closeServer(server) };
}

async function hostAiGateway(): Promise<HostedServer> {
  const { startAiGatewayStandIn } = await import('@virtual-care/stand-ins');
  const gateway = await startAiGatewayStandIn();
  return { url: gateway.url, timings: timers().timings, close: () => gateway.close() };
}

const SERVER_CPU = 'server process CPU';

/**
 * Mean milliseconds per request since the last reset: the process's CPU time, and the time spent in each timed
 * port (wall time of overlapping awaits, so under load it includes waiting for the event loop).
 */
function timers() {
  const totals = new Map<string, number>();
  let cpuAtReset = process.cpuUsage();
  const timed =
    <A extends unknown[], R>(name: string, fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const t0 = performance.now();
      try {
        return await fn(...args);
      } finally {
        totals.set(name, (totals.get(name) ?? 0) + performance.now() - t0);
      }
    };
  const timings: Timings = {
    reset: () => {
      totals.clear();
      cpuAtReset = process.cpuUsage();
    },
    snapshot: (count) => {
      const cpu = process.cpuUsage(cpuAtReset);
      const perRequest = (ms: number) => ms / Math.max(1, count);
      return [
        [SERVER_CPU, perRequest((cpu.user + cpu.system) / 1000)] as const,
        ...[...totals.entries()].map(([k, v]) => [k, perRequest(v)] as const),
      ];
    },
  };
  return { timings, timed };
}

/** Times the ports of the create, join and transcribe paths (a poor man's profile of where a request waits). */
function instrument(services: ApiServices): Timings {
  const { timings, timed } = timers();
  const d = services.deps as unknown as Record<
    string,
    Record<string, (...a: unknown[]) => Promise<unknown>>
  >;
  const wrap = (port: string, method: string, name: string) => {
    const target = d[port]!;
    target[method] = timed(name, target[method]!.bind(target));
  };
  wrap('licence', 'isVirtualCareLicensed', 'licence (cached 10 s)');
  wrap('consent', 'hasConsentWithin', 'consent read (with the config)');
  wrap('videoHealth', 'check', 'Jitsi health check (HTTP)');
  wrap('video', 'createRoom', 'room URL and branding (no I/O)');
  wrap('signer', 'sign', 'join token HMAC (sign)');
  wrap('signer', 'verify', 'join token HMAC (verify)');
  wrap('ai', 'transcribe', 'AI gateway transcription (HTTP)');
  const uow = services.db.unitOfWork as unknown as Record<
    'run' | 'read',
    (...a: unknown[]) => Promise<unknown>
  >;
  uow.run = timed('unit-of-work transactions', uow.run.bind(uow));
  uow.read = timed('unit-of-work reads (no transaction)', uow.read.bind(uow));
  return timings;
}

main(process.argv[2] ?? '').catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
