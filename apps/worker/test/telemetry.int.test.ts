/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- black-box REST calls read untyped JSON bodies */
// First: the OTLP receiver and the product's telemetry start before the imports below load pg.
import { receiver, telemetry } from './support/traced-process';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { jetstream } from '@nats-io/jetstream';
import type { Msg, NatsConnection, Subscription } from '@nats-io/transport-node';
import {
  createBearerAuthenticator,
  createRestHandler,
  createServices,
  newUlid as ulid,
  type ApiServices,
} from '@virtual-care/api';
import {
  startCommunicationServiceStandIn,
  type CommunicationServiceStandIn,
} from '@virtual-care/stand-ins';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { asTenant } from '../../../packages/api/test/api/support/fixtures';
import { useStack } from '../../../packages/api/test/api/support/stack';
import type { CloudEvent } from '../src/cloud-event';
import { loadWorkerEnv } from '../src/env';
import { startFallbackConsumer } from '../src/fallback.consumer';
import { createMetrics } from '../src/metrics';
import { OutboxRelay } from '../src/outbox-relay';
import type { ReceivedSpan } from './support/otlp-receiver';
import {
  connectNats,
  createTestStream,
  silentLog as silent,
  useTestContext,
  waitFor,
} from './support/fixtures';

/**
 * Issue 20, "one visit is one trace": the REST API behind a real HTTP server, the worker's relay and fallback
 * consumer in this process, all traced by the product's telemetry (decision 0042) into an in-process OTLP
 * receiver. A clinician's fallback while communication-service is down queues an event; the relay publishes it
 * and the consumer opens the thread once the service is back: one trace from the request to the thread. The
 * visit's end creates its FHIR Encounter in the end request's trace. No span carries PHI or a credential.
 */

process.env.TEST_DATABASE_ADMIN_URL ??= inject('adminUrl');
process.env.TEST_DATABASE_APP_URL ??= inject('webUrl');
const stack = useStack();
const ctx = useTestContext();

const SERVER = 2;
const CLIENT = 3;
const PRODUCER = 4;
const CONSUMER = 5;
const REQUESTED = 'virtual_care.session.fallback.requested.v1';

/** Distinctive strings: a match in a span can only be a leak. */
const PATIENT_NAME = 'Oriane Thistlewaite';
const CANCELLATION_REASON = 'Oriane has the Pellwick fever, rebook after the scan';
const CLINICIAN_MESSAGE = 'Oriane, keep the Dunmarrow splint on until Friday';

let comms: CommunicationServiceStandIn;
let web: ApiServices;
let worker: ApiServices;
let server: http.Server;
let base: string;
let nc: NatsConnection;
let relay: OutboxRelay;
let published: Subscription;
const messages: Msg[] = [];
const stoppables: { stop(): Promise<void> }[] = [];
const credentials = new Set<string>();
let inProcessWorkerStopped = false;

/** The relay and consumer of this process stop (before a worker process relays the same database's outbox). */
async function stopInProcessWorker() {
  if (inProcessWorkerStopped) return;
  inProcessWorkerStopped = true;
  for (const s of stoppables) await s.stop().catch(() => undefined);
  await relay?.stop();
}

beforeAll(async () => {
  comms = await startCommunicationServiceStandIn();
  web = stack.face({ COMMUNICATION_SERVICE_URL: comms.url }).services;
  const bearer = createBearerAuthenticator(web.config.bearer);
  const rest = createRestHandler({
    services: web,
    authenticate: (request) => bearer(request.headers.get('authorization')),
  });
  // The REST face behind node's HTTP server, as Next serves it: the server span is the http instrumentation's.
  server = http.createServer((req, res) => void serve(rest, req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/virtual-care`;

  worker = createServices(
    loadWorkerEnv({
      DATABASE_URL: ctx.workerUrl,
      JOIN_TOKEN_KEYS: `k1:${randomBytes(32).toString('base64url')}`,
      SECRET_STORE_MASTER_KEY: `m1:${randomBytes(32).toString('base64')}`,
      FHIR_BASE_URL: stack.fhir.url,
      COMMUNICATION_SERVICE_URL: comms.url,
    }),
    { db: ctx.db },
  );
  nc = await connectNats(ctx.natsUrl);
  const js = jetstream(nc);
  const stream = await createTestStream(nc);
  // Every message as the relay published it: its headers and its CloudEvent.
  published = nc.subscribe(`${stream.prefix}.>`, { callback: (_, m) => void messages.push(m) });
  const metrics = createMetrics({ defaults: false });
  stoppables.push(
    await startFallbackConsumer({
      js,
      jsm: stream.jsm,
      stream: stream.name,
      subjectPrefix: stream.prefix,
      durable: `fallback-${randomBytes(4).toString('hex')}`,
      handler: { ...worker.deps, log: silent },
      log: silent,
      metrics,
      retryDelaysMs: [200],
    }),
  );
  relay = new OutboxRelay({
    outbox: ctx.db.outbox,
    js,
    log: silent,
    metrics,
    subjectPrefix: stream.prefix,
    pollMs: 50,
    listenUrl: ctx.workerUrl,
  });
  await relay.start();
}, 120_000);

afterAll(async () => {
  await stopInProcessWorker();
  published?.unsubscribe();
  await nc?.drain().catch(() => undefined);
  server?.close();
  await worker?.close();
  await comms?.stop();
  await telemetry.shutdown();
  await receiver.stop();
});

describe('issue 20: OpenTelemetry traces, from the request through NATS to the worker', () => {
  it('a fallback queued during an outage: request, its queries, the relay’s publish and the consumer are one trace, and no span holds PHI', async () => {
    const { t, patientId, sessionId } = await admittedVisit();
    await fallbackDuringOutage(t.token, sessionId);
    // The worker opens the thread by itself; the clinician writes in it, then ends the visit (its Encounter).
    await waitFor(
      async () =>
        Boolean((await call('GET', `/sessions/${sessionId}`, t.token)).body.messagingThreadId),
      15_000,
      'the worker opens the messaging thread',
    );
    const message = await call('POST', `/sessions/${sessionId}/messages`, t.token, {
      messageId: ulid(),
      body: CLINICIAN_MESSAGE,
    });
    expect(message.status, JSON.stringify(message.body)).toBe(200);
    const ended = await call('POST', `/sessions/${sessionId}/end`, t.token, {});
    expect(ended.status).toBe(200);
    expect(ended.body.encounterId).toBeTruthy();
    // Another visit, cancelled with a reason that names the patient's illness.
    const other = await call('POST', '/sessions', t.token, {
      patientId,
      scheduledStart: new Date(Date.now() + 60_000).toISOString(),
    });
    credentials.add(new URL(other.body.patientJoinUrl as string).searchParams.get('token')!);
    const cancelled = await call('POST', `/sessions/${other.body.id}/cancel`, t.token, {
      reason: CANCELLATION_REASON,
    });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);

    await telemetry.flush();
    const spans = receiver.spans();
    const ancestors = ancestry(spans);
    const serverSpan = (method: string, route: string) => requestSpan(spans, method, route);

    // The fallback request's trace: its server span, its queries, the relay's publish, the consumer's handling.
    const request = serverSpan('POST', `/sessions/${sessionId}/fallback-message`);
    expect(request).toBeDefined();
    const trace = spans.filter((s) => s.traceId === request!.traceId);
    const publish = trace.find((s) => s.kind === PRODUCER && s.name === `publish ${REQUESTED}`);
    const handled = trace.filter((s) => s.kind === CONSUMER);
    expect(publish).toBeDefined();
    expect(ancestors(publish!)).toContain(request);
    expect(handled.length).toBeGreaterThan(0);
    for (const consumer of handled)
      expect(ancestors(consumer)).toEqual(expect.arrayContaining([publish, request]));
    const linked = handled.find((s) => s.attributes['virtual_care.settlement'] === 'ack')!;
    expect(linked).toBeDefined();
    // Queries in the request and in the consumer's handling, and the consumer's call that opened the thread.
    const queries = trace.filter((s) => s.attributes['db.system.name'] === 'postgresql');
    expect(
      queries.some((q) => ancestors(q).includes(request!) && !ancestors(q).includes(publish!)),
    ).toBe(true);
    expect(queries.some((q) => ancestors(q).includes(linked))).toBe(true);
    expect(
      trace.some(
        (s) =>
          s.kind === CLIENT &&
          String(s.attributes['url.full']).startsWith(comms.url) &&
          ancestors(s).includes(linked),
      ),
    ).toBe(true);
    expect(new Set(trace.map((s) => s.service))).toEqual(new Set(['virtual-care-test']));

    // The published message carried the trace twice: the relay's span in its headers, the request's in the event.
    const event = messages
      .map((m) => ({ m, event: m.json<CloudEvent>() }))
      .find(({ event }) => event.type === REQUESTED && event.subject === sessionId);
    expect(event).toBeDefined();
    expect(event!.m.headers?.get('traceparent')).toBe(
      `00-${request!.traceId}-${publish!.spanId}-01`,
    );
    expect(event!.event.traceparent).toMatch(
      new RegExp(`^00-${request!.traceId}-[0-9a-f]{16}-01$`),
    );

    // The session's creation event carries the creating request's trace (stored with its insert).
    const creation = messages
      .map((m) => m.json<CloudEvent>())
      .find((e) => e.type === 'virtual_care.session.created.v1' && e.subject === sessionId);
    const creationTrace = creation?.traceparent?.split('-')[1];
    const creationSpans = spans.filter((s) => s.traceId === creationTrace);
    expect(requestSpan(creationSpans, 'POST', '/sessions')).toBeDefined();

    // The end request's trace holds the Encounter's creation at the FHIR server.
    const end = serverSpan('POST', `/sessions/${sessionId}/end`)!;
    expect(
      spans.some(
        (s) =>
          s.traceId === end.traceId &&
          s.kind === CLIENT &&
          s.attributes['http.request.method'] === 'POST' &&
          String(s.attributes['url.full']).startsWith(`${stack.fhir.url}/Encounter`),
      ),
    ).toBe(true);

    // The link's first request: traced, without its query string.
    const join = serverSpan('GET', '/sessions/join')!;
    expect(join).toBeDefined();
    expect(join.attributes).not.toHaveProperty('url.query');

    // No PHI and no credential anywhere in what was exported.
    expect(credentials.size).toBeGreaterThanOrEqual(3);
    expect(spans.length).toBeGreaterThan(50);
    expect(phiIn(spans)).toEqual([]);
  }, 60_000);

  it('the worker as its start command runs it (telemetry preloaded) continues the trace, its queries included', async () => {
    await stopInProcessWorker();
    const stream = await createTestStream(nc);
    const durable = `fallback-${randomBytes(4).toString('hex')}`;
    const workerProcess = spawn(
      process.execPath,
      // `tsx --import ./src/telemetry.ts src/main.ts`, the package's start command.
      ['--import', 'tsx', '--import', './src/telemetry.ts', 'src/main.ts'],
      {
        cwd: path.resolve(import.meta.dirname, '..'),
        env: {
          ...process.env,
          OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
          OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
          OTEL_BSP_SCHEDULE_DELAY: '100',
          DATABASE_URL: ctx.workerUrl,
          NATS_URL: ctx.natsUrl,
          NATS_STREAM: stream.name,
          NATS_SUBJECT_PREFIX: stream.prefix,
          FALLBACK_CONSUMER: durable,
          COMMUNICATION_SERVICE_URL: comms.url,
          WORKER_JOBS: 'relay,fallback',
          WORKER_HEALTH_PORT: '0',
          LOG_LEVEL: 'warn',
          JOIN_TOKEN_KEYS: `k1:${randomBytes(32).toString('base64url')}`,
          SECRET_STORE_MASTER_KEY: `m1:${randomBytes(32).toString('base64')}`,
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    try {
      // Its fallback consumer starts at new events: wait until it exists.
      await waitFor(
        () => {
          if (workerProcess.exitCode !== null) throw new Error('the worker process exited');
          return stream.jsm.consumers.info(stream.name, durable).then(
            () => true,
            () => false,
          );
        },
        90_000,
        'the worker process’s fallback consumer',
      );
      const { t, sessionId } = await admittedVisit();
      await fallbackDuringOutage(t.token, sessionId);
      await telemetry.flush();
      const request = requestSpan(
        receiver.spans(),
        'POST',
        `/sessions/${sessionId}/fallback-message`,
      )!;
      expect(request).toBeDefined();
      // The worker exports on its own schedule: wait for its consumer's span and a query within it.
      let handled: ReceivedSpan | undefined;
      await waitFor(
        async () => {
          const spans = receiver.spans().filter((s) => s.traceId === request.traceId);
          handled = spans.find(
            (s) => s.kind === CONSUMER && s.attributes['virtual_care.settlement'] === 'ack',
          );
          const ancestors = ancestry(spans);
          return Boolean(
            handled &&
            spans.some(
              (s) =>
                s.attributes['db.system.name'] === 'postgresql' && ancestors(s).includes(handled!),
            ),
          );
        },
        30_000,
        'the worker process’s consumer span and its queries',
      );
      const trace = receiver.spans().filter((s) => s.traceId === request.traceId);
      const ancestors = ancestry(trace);
      expect(handled!.service).toBe('virtual-care-worker');
      const publish = trace.find((s) => s.kind === PRODUCER)!;
      expect(publish.service).toBe('virtual-care-worker');
      expect(ancestors(handled!)).toEqual(expect.arrayContaining([publish, request]));
      expect(phiIn(receiver.spans())).toEqual([]);
    } finally {
      workerProcess.kill('SIGTERM');
      await new Promise((r) => workerProcess.once('exit', r));
    }
  }, 180_000);
});

/** A tenant, a patient with the marker name, a visit created, the patient through the link, admitted. */
async function admittedVisit() {
  const t = await stack.tenant();
  credentials.add(t.token);
  const patientId = await stack.patient(t.tenantId, { telehealth: true });
  await asTenant(stack.admin, t.tenantId, (q) =>
    q('UPDATE patients SET display_name = $1 WHERE id = $2', [PATIENT_NAME, patientId]),
  );
  const created = await call('POST', '/sessions', t.token, {
    patientId,
    scheduledStart: new Date(Date.now() + 60_000).toISOString(),
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const sessionId = created.body.id as string;
  const joinUrl = new URL(created.body.patientJoinUrl as string);
  const patientToken = joinUrl.searchParams.get('token')!;
  credentials.add(patientToken);
  // The link as the patient's browser first opens it: the token in the query string.
  expect((await call('GET', `/sessions/join${joinUrl.search}`, null)).status).toBe(200);
  expect((await call('POST', '/sessions/join', null, { token: patientToken })).status).toBe(200);
  expect((await call('POST', `/sessions/${sessionId}/provider-join`, t.token, {})).status).toBe(
    200,
  );
  const detail = await call('GET', `/sessions/${sessionId}`, t.token);
  const patient = (detail.body.participants as { id: string; role: string }[]).find(
    (p) => p.role === 'patient',
  )!;
  expect(
    (await call('POST', `/sessions/${sessionId}/admit/${patient.id}`, t.token, {})).status,
  ).toBe(200);
  return { t, patientId, sessionId };
}

/** The clinician asks for the messaging fallback while communication-service is down: 503, the request queued. */
async function fallbackDuringOutage(token: string, sessionId: string) {
  comms.setDown(true);
  const fallback = await call('POST', `/sessions/${sessionId}/fallback-message`, token, {});
  expect(fallback.status).toBe(503);
  comms.setDown(false);
}

/** Every span that holds the patient's name, what was written about them, or a credential handed out. */
function phiIn(spans: ReceivedSpan[]) {
  const phi = [
    PATIENT_NAME,
    ...PATIENT_NAME.split(' '),
    CANCELLATION_REASON,
    'Pellwick',
    CLINICIAN_MESSAGE,
    'Dunmarrow',
    ...credentials,
  ];
  const exported = spans.map((s) => JSON.stringify(s));
  return phi.flatMap((needle) =>
    exported.filter((s) => s.includes(needle)).map((span) => ({ needle, span })),
  );
}

/** A span's parent, its parent's parent, ... as far as the spans given reach. */
function ancestry(spans: ReceivedSpan[]) {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  return (span: ReceivedSpan) => {
    const chain: ReceivedSpan[] = [];
    for (let p = byId.get(span.parentSpanId ?? ''); p; p = byId.get(p.parentSpanId ?? ''))
      chain.push(p);
    return chain;
  };
}

/** The server span of a REST request. */
function requestSpan(spans: ReceivedSpan[], method: string, route: string) {
  return spans.find(
    (s) =>
      s.kind === SERVER &&
      s.attributes['http.request.method'] === method &&
      s.attributes['url.path'] === `/api/v1/virtual-care${route}`,
  );
}

/** A REST call over HTTP, as a browser or typed client makes it. */
async function call(method: string, route: string, token: string | null, body?: unknown) {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${base}${route}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** Node's request to the REST handler's Request and back. */
async function serve(
  rest: (request: Request) => Promise<Response>,
  req: http.IncomingMessage,
  res: http.ServerResponse,
) {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers))
    if (typeof value === 'string') headers.set(name, value);
  const response = await rest(
    new Request(`http://localhost:3000${req.url}`, {
      method: req.method!,
      headers,
      ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
    }),
  );
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
}
