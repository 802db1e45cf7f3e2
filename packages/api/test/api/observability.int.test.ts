import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createBearerAuthenticator,
  createLogger,
  createRestHandler,
  createRouteTemplates,
  createTrpcHandler,
  createWebMetrics,
  startAccessLog,
  startMetricsServer,
  type WebMetrics,
} from '../../src';
import { createSession, patientWaitsProviderPresent } from './support/flows';
import { useStack, type Face } from './support/stack';

const stack = useStack();

/** The web app's ways in, on a real HTTP server as `next start` runs them: REST, tRPC, a page, a failing page. */
function appServer(face: Face): Server {
  const { services } = face;
  const bearer = createBearerAuthenticator(services.config.bearer);
  const authenticate = (request: Request) => bearer(request.headers.get('authorization'));
  const rest = createRestHandler({ services, authenticate });
  const trpc = createTrpcHandler({ services, authenticate });
  return createServer((req, res) => {
    void answer(req, res, async (request) => {
      const { pathname } = new URL(request.url);
      if (pathname.startsWith('/api/v1/virtual-care')) return rest(request);
      if (pathname.startsWith('/api/trpc/')) return trpc(request);
      if (pathname === '/join') return new Response('<h1>Waiting room</h1>', { status: 200 });
      if (pathname === '/clinician') throw new Error('the page failed to render');
      return new Response('not found', { status: 404 });
    });
  });
}

/** Node's request to a fetch Request and back, as Next's adapter does (an uncaught error: 500). */
async function answer(
  req: IncomingMessage,
  res: ServerResponse,
  handle: (request: Request) => Promise<Response>,
): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers))
    if (typeof value === 'string') headers.set(name, value);
  const body = chunks.length > 0 ? Buffer.concat(chunks) : null;
  let response: Response;
  try {
    response = await handle(
      new Request(`http://localhost:3000${req.url}`, {
        method: req.method!,
        headers,
        ...(body ? { body } : {}),
      }),
    );
  } catch {
    response = new Response('Internal Server Error', { status: 500 });
  }
  response.headers.forEach((value, name) => {
    if (res.getHeader(name) === undefined) res.setHeader(name, value);
  });
  res.writeHead(response.status);
  res.end(Buffer.from(await response.arrayBuffer()));
}

const lines: Record<string, unknown>[] = [];
let metrics: WebMetrics;
let app: Server;
let scraper: Server;
let base: string;
let stopAccessLog: () => void;
let face: Face;

beforeAll(async () => {
  // A per-address limit of 2 for the 429; the other requests carry no forwarded address and are not counted.
  face = stack.face({ RATE_LIMIT_PER_ADDRESS: '2', RATE_LIMIT_WINDOW_SECONDS: '600' });
  metrics = createWebMetrics({ defaults: false });
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  app = appServer(face);
  stopAccessLog = startAccessLog({
    log: createLogger({ level: 'info', name: 'web' }, sink),
    http: metrics.http,
    routeOf: createRouteTemplates(['/join', '/clinician']),
    // The stand-ins (Jitsi, FHIR) serve from this process too: only the app's requests are its access log.
    ignore: (server) => server !== app,
  });
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  scraper = await startMetricsServer({ port: 0, host: '127.0.0.1', registry: metrics.registry });
}, 60_000);

afterAll(async () => {
  stopAccessLog();
  await new Promise((resolve) => app.close(resolve));
  await new Promise((resolve) => scraper.close(resolve));
});

/** The metrics as Prometheus reads them, through the metrics server. */
async function scrape(): Promise<string> {
  const { port } = scraper.address() as AddressInfo;
  const response = await fetch(`http://127.0.0.1:${port}/metrics`);
  expect(response.status).toBe(200);
  return response.text();
}

/** One sample's value from the exposition text; 0 when the series does not exist yet. */
function sample(text: string, name: string, labels: Record<string, string>): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labelText = line.slice(name.length, line.lastIndexOf('}') + 1);
    if (wanted.every((w) => labelText.includes(w))) return Number(line.split(' ').at(-1));
  }
  return 0;
}

/** Waits for the access-log line of `requestId` ('close' comes just after the client has the answer). */
async function accessLines(requestId: string): Promise<Record<string, unknown>[]> {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    const found = lines.filter((l) => l.msg === 'http_request' && l.requestId === requestId);
    if (found.length > 0) {
      await new Promise((r) => setImmediate(r)); // a second line, were there one, would be written by now
      return lines.filter((l) => l.msg === 'http_request' && l.requestId === requestId);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  return [];
}

describe('every request: one access-log line with its id, and RED metrics per route template (decision 0043)', () => {
  it('a REST call, a tRPC call, a page, a 404, a 429 and a 500 each leave one line with the id the caller sees', async () => {
    const tenant = await stack.tenant();
    const auth = { authorization: `Bearer ${tenant.token}` };
    const before = await scrape();
    const created = await fetch(`${base}/api/v1/virtual-care/sessions`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({
        patientId: tenant.patientId,
        scheduledStart: new Date(Date.now() + 120_000).toISOString(),
      }),
    });
    expect(created.status).toBe(201);
    const sessionId = ((await created.json()) as { id: string }).id;
    const detail = await fetch(`${base}/api/v1/virtual-care/sessions/${sessionId}`, {
      headers: auth,
    });
    const trpc = await fetch(`${base}/api/trpc/me`, { headers: auth });
    const page = await fetch(`${base}/join?token=a.secret-join-token`);
    const missing = await fetch(`${base}/wp-admin/${sessionId}`);
    const failed = await fetch(`${base}/clinician`);
    const limited: Response[] = [];
    for (let i = 0; i < 3; i++)
      limited.push(
        await fetch(`${base}/api/v1/virtual-care/sessions/${sessionId}`, {
          headers: { ...auth, 'x-forwarded-for': '203.0.113.7' },
        }),
      );
    const [, , tooMany] = limited;

    expect(detail.status).toBe(200);
    expect(trpc.status).toBe(200);
    expect(page.status).toBe(200);
    expect(missing.status).toBe(404);
    expect(failed.status).toBe(500);
    expect(tooMany!.status).toBe(429);
    const expected = [
      [created, 'POST', '/api/v1/virtual-care/sessions', 201],
      [detail, 'GET', '/api/v1/virtual-care/sessions/{id}', 200],
      [trpc, 'GET', '/api/trpc/me', 200],
      [page, 'GET', '/join', 200],
      [missing, 'GET', '{unmatched}', 404],
      [failed, 'GET', '/clinician', 500],
      [tooMany!, 'GET', '/api/v1/virtual-care/sessions/{id}', 429],
    ] as const;
    for (const [response, method, route, status] of expected) {
      const requestId = response.headers.get('x-request-id');
      expect(requestId, route).toMatch(/^[0-9A-Z]{26}$/);
      const logged = await accessLines(requestId!);
      expect(logged, route).toHaveLength(1);
      expect(logged[0]).toMatchObject({ method, route, status, name: 'web', level: 30 });
      expect(logged[0]!.durationMs).toBeGreaterThanOrEqual(0);
      expect(logged[0]!.bytesSent).toBeGreaterThan(0);
    }
    expect(((await tooMany!.json()) as { code: string }).code).toBe('TOO_MANY_REQUESTS');
    // No path, query or token ever reaches the log: only templates.
    const written = JSON.stringify(lines);
    expect(written).not.toContain(sessionId);
    expect(written).not.toContain('secret-join-token');
    expect(written).not.toContain('wp-admin');

    const after = await scrape();
    const moved = (labels: Record<string, string>) =>
      sample(after, 'virtual_care_http_requests_total', labels) -
      sample(before, 'virtual_care_http_requests_total', labels);
    expect(
      moved({
        method: 'POST',
        route: '/api/v1/virtual-care/sessions',
        status_class: '2xx',
      }),
    ).toBe(1);
    expect(
      moved({ method: 'GET', route: '/api/v1/virtual-care/sessions/{id}', status_class: '2xx' }),
    ).toBe(3);
    expect(
      moved({ method: 'GET', route: '/api/v1/virtual-care/sessions/{id}', status_class: '4xx' }),
    ).toBe(1);
    expect(moved({ method: 'GET', route: '/clinician', status_class: '5xx' })).toBe(1);
    expect(moved({ method: 'GET', route: '{unmatched}', status_class: '4xx' })).toBe(1);
    expect(
      sample(after, 'virtual_care_http_request_duration_seconds_count', {
        method: 'GET',
        route: '/api/v1/virtual-care/sessions/{id}',
      }) -
        sample(before, 'virtual_care_http_request_duration_seconds_count', {
          method: 'GET',
          route: '/api/v1/virtual-care/sessions/{id}',
        }),
    ).toBe(4);
    expect(after).not.toContain(sessionId);
  });

  it("keeps a caller's own sane X-Request-Id, and replaces one that is not", async () => {
    const kept = await fetch(`${base}/join`, { headers: { 'x-request-id': 'proxy-id-42' } });
    expect(kept.headers.get('x-request-id')).toBe('proxy-id-42');
    expect(await accessLines('proxy-id-42')).toHaveLength(1);
    const replaced = await fetch(`${base}/join`, {
      headers: { 'x-request-id': 'bad id <script>' },
    });
    const id = replaced.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9A-Z]{26}$/);
    expect(await accessLines(id!)).toHaveLength(1);
  });

  it("a refused REST call answers with the caller's id, the one its log line has", async () => {
    const response = await fetch(`${base}/api/v1/virtual-care/sessions/vsn_unknown`, {
      headers: { 'x-request-id': 'rest-error-id' },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('x-request-id')).toBe('rest-error-id');
    expect(await accessLines('rest-error-id')).toMatchObject([{ status: 401 }]);
  });
});

describe('the domain metrics the web process observes', () => {
  it('time to admit: one observation per admitted patient, from the waiting room to the admit', async () => {
    const tenant = await stack.tenant();
    const admitFace = stack.face({}, { metrics });
    const session = await createSession(admitFace, tenant.token, tenant.patientId);
    await patientWaitsProviderPresent(admitFace, tenant.token, session);
    const before = sample(await scrape(), 'virtual_care_time_to_admit_seconds_count', {
      role: 'patient',
    });
    const admitted = await admitFace.call(
      'POST',
      `/sessions/${session.id}/admit/${session.patientParticipantId}`,
      { token: tenant.token, body: {} },
    );
    expect(admitted.status).toBe(200);
    const after = await scrape();
    expect(sample(after, 'virtual_care_time_to_admit_seconds_count', { role: 'patient' })).toBe(
      before + 1,
    );
    // The patient waited a moment, not an hour: the whole of it is in the smallest bucket.
    expect(
      sample(after, 'virtual_care_time_to_admit_seconds_bucket', { role: 'patient', le: '5' }),
    ).toBe(before + 1);
  });
});

describe('the metrics server', () => {
  it('answers /metrics and /health, nothing else; its scrapes are not counted as the app’s requests', async () => {
    const { port } = scraper.address() as AddressInfo;
    const start = lines.length;
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/ready`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${port}/api/v1/virtual-care/sessions`)).status).toBe(404);
    const text = await scrape();
    expect(text).toContain('# TYPE virtual_care_http_requests_total counter');
    expect(lines.slice(start).filter((l) => l.msg === 'http_request')).toHaveLength(0);
  });

  it("is not on the app's port: /metrics there is the app's 404", async () => {
    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('virtual_care_');
  });
});
