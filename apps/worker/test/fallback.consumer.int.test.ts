import { randomBytes } from 'node:crypto';
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import {
  createRestHandler,
  createServices,
  systemClock,
  ulidIds,
  type ApiServices,
} from '@virtual-care/api';
import {
  createDomainEvent,
  defaultTenantConfig,
  type VirtualSessionRecord,
} from '@virtual-care/domain';
import {
  startCommunicationServiceStandIn,
  type CommunicationServiceStandIn,
} from '@virtual-care/stand-ins';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CloudEvent } from '../src/cloud-event';
import { DEAD_LETTER_HEADERS, deadLetterSubject } from '../src/durable-consumer';
import { loadWorkerEnv } from '../src/env';
import { startFallbackConsumer } from '../src/fallback.consumer';
import { createMetrics, type WorkerMetrics } from '../src/metrics';
import { OutboxRelay } from '../src/outbox-relay';
import { runPresenceSweepPass } from '../src/presence-sweep.job';
import {
  connectNats,
  createTenant,
  createTestStream,
  participantRecord,
  readStream,
  sessionRecord,
  silentLog,
  unpublishedCount,
  useTestContext,
  waitFor,
  writeEvents,
} from './support/fixtures';

const ctx = useTestContext();
const INITIATED = 'virtual_care.session.fallback.initiated.v1';
const REQUESTED = 'virtual_care.session.fallback.requested.v1';
const FAILED = 'virtual_care.session.failed.v1';
/** Short for the test; the product's are 1 s, 2 s, 5 s, 10 s, then every 30 s. */
const RETRY_DELAYS_MS = [100, 200, 400] as const;

let nc: NatsConnection;
let js: JetStreamClient;
let stream: Awaited<ReturnType<typeof createTestStream>>;
let relay: OutboxRelay;
let comms: CommunicationServiceStandIn;
let services: ApiServices;
let metrics: WorkerMetrics;
let durable: string;
const stoppables: { stop(): Promise<void> }[] = [];

/** The worker as it runs: relay and fallback consumer, its services wired by the shared composition root. */
beforeAll(async () => {
  nc = await connectNats(ctx.natsUrl);
  js = jetstream(nc);
  stream = await createTestStream(nc);
  comms = await startCommunicationServiceStandIn();
  services = createServices(
    loadWorkerEnv({
      DATABASE_URL: ctx.workerUrl,
      JOIN_TOKEN_KEYS: `k1:${randomBytes(32).toString('base64url')}`,
      SECRET_STORE_MASTER_KEY: `m1:${randomBytes(32).toString('base64')}`,
      FHIR_BASE_URL: 'http://127.0.0.1:9/fhir', // not used here
      COMMUNICATION_SERVICE_URL: comms.url,
      COMMUNICATION_SERVICE_TIMEOUT_MS: '1000',
    }),
    { db: ctx.db, logger: silentLog },
  );
  metrics = createMetrics({ defaults: false });
  durable = `fallback-${randomBytes(4).toString('hex')}`;
  stoppables.push(await startConsumer());
  relay = new OutboxRelay({
    outbox: ctx.db.outbox,
    js,
    log: silentLog,
    subjectPrefix: stream.prefix,
    batchSize: 100,
    pollMs: 50,
    listenUrl: ctx.workerUrl,
  });
  await relay.start();
});

afterAll(async () => {
  for (const s of stoppables) await s.stop();
  await relay.stop();
  await comms.stop().catch(() => undefined);
  await services.close();
  await stream.jsm.streams.delete(stream.name).catch(() => undefined);
  await nc.close();
});

/** One worker's fallback consumer; several share the durable. */
function startConsumer() {
  return startFallbackConsumer({
    js,
    jsm: stream.jsm,
    stream: stream.name,
    subjectPrefix: stream.prefix,
    durable,
    handler: { ...services.deps, log: silentLog },
    log: silentLog,
    metrics,
    retryDelaysMs: RETRY_DELAYS_MS,
  });
}

/** An active visit, clinician and patient connected; `lastSeenAt` as given. */
async function activeSession(tenantId: string, lastSeenAt = new Date()) {
  const session = sessionRecord(tenantId, { status: 'active', actualStart: lastSeenAt });
  const connected = { status: 'active' as const, joinedAt: lastSeenAt, lastSeenAt };
  const patient = participantRecord(session, {
    role: 'patient',
    userId: session.patientId,
    ...connected,
  });
  const provider = participantRecord(session, {
    role: 'provider',
    userId: session.initiatorId,
    ...connected,
  });
  await ctx.db.unitOfWork.run(tenantId, async (scope) => {
    await scope.sessions.insert(session);
    await scope.participants.save([patient, provider]);
  });
  return session;
}

const stored = async (session: VirtualSessionRecord) =>
  (await ctx.db.unitOfWork.read(session.tenantId, (scope) => scope.sessions.findById(session.id)))!;

/** The session's thread once communication-service has it and the session records it. */
async function threadAppears(session: VirtualSessionRecord, timeoutMs = 15_000) {
  await waitFor(
    async () =>
      comms.threadForSession(session.id) !== undefined &&
      (await stored(session)).messagingThreadId !== null,
    timeoutMs,
    'the messaging thread',
  );
  return comms.threadForSession(session.id)!;
}

/** The session's fallback.initiated.v1 events in the stream, once every outbox row of its tenant is published. */
async function initiatedInStream(session: VirtualSessionRecord): Promise<CloudEvent[]> {
  await waitFor(
    async () => (await unpublishedCount(ctx.admin, session.tenantId)) === 0,
    10_000,
    'the outbox relayed',
  );
  return (await readStream(nc, stream.name)).filter(
    (e) => e.type === INITIATED && e.subject === session.id,
  );
}

const outboxRows = async (session: VirtualSessionRecord, type: string) =>
  (
    await ctx.admin.query<{ payload: { payload: Record<string, unknown> } }>(
      'SELECT payload FROM virtual_care_outbox WHERE aggregate_id = $1 AND event_type = $2 ORDER BY seq',
      [session.id, type],
    )
  ).rows.map((r) => r.payload.payload);

const retries = async () =>
  (await metrics.fallbackProcessed.get()).values.find((v) => v.labels.outcome === 'retry')?.value ??
  0;

describe('the fallback thread opens by itself (US-008)', () => {
  it('a session the presence sweep fails continues in a messaging thread both sides are in, with one event', async () => {
    const tenantId = await createTenant(ctx.admin);
    await ctx.db.unitOfWork.run(tenantId, (scope) =>
      scope.tenantConfigs.save(
        { ...defaultTenantConfig(tenantId, new Date()), graceReconnectSeconds: 2 },
        null,
      ),
    );
    // Both connections lost 5 s ago: past the heartbeat timeout (1 s), then past the grace window (2 s).
    const session = await activeSession(tenantId, new Date(Date.now() - 5_000));
    const sweep = {
      scans: ctx.db.scans,
      uow: ctx.db.unitOfWork,
      clock: systemClock,
      ids: ulidIds,
      log: silentLog,
    };
    await waitFor(
      async () => (await runPresenceSweepPass(sweep, 1)).failed.includes(session.id),
      10_000,
      'the sweep to fail the session',
    );

    const thread = await threadAppears(session);
    expect(thread.tenantId).toBe(tenantId);
    expect(thread.participantUserIds).toEqual(
      expect.arrayContaining([session.patientId, session.initiatorId]),
    );
    expect(await stored(session)).toMatchObject({
      status: 'failed',
      messagingThreadId: thread.id,
      bandwidthProfile: 'async_text',
      bandwidthChanges: [{ from: 'video', to: 'async_text', actorId: 'system' }],
    });
    const events = await initiatedInStream(session);
    expect(events.map((e) => e.data)).toEqual([
      {
        sessionId: session.id,
        messagingThreadId: thread.id,
        initiatedBy: 'system',
        sessionStatus: 'failed',
        profile: 'async_text',
      },
    ]);
  });

  it('communication-service down: POST fallback-message answers 503 and changes nothing; back up, the thread appears by itself', async () => {
    const tenantId = await createTenant(ctx.admin);
    const session = await activeSession(tenantId);
    const clinician = { id: session.initiatorId, email: 'dr@test.local', name: 'Dr. Test' };
    const rest = createRestHandler({
      services,
      authenticate: () =>
        Promise.resolve({ user: clinician, tenantId, tenantName: 'Clinic', roles: ['clinician'] }),
    });
    const before = await stored(session);
    const { port } = comms;
    await comms.stop();

    const retriesBefore = await retries();
    const res = await rest(
      new Request(`http://localhost/api/v1/virtual-care/sessions/${session.id}/fallback-message`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      }),
    );
    expect(res.status).toBe(503);
    expect(((await res.json()) as { code: string }).code).toBe('COMMUNICATION_SERVICE_UNAVAILABLE');
    const [queued, ...more] = await outboxRows(session, REQUESTED);
    expect(more).toEqual([]);
    expect(queued).toMatchObject({ sessionId: session.id, actorId: clinician.id });
    expect(Date.parse(String(queued?.requestedAt))).not.toBeNaN();
    // The worker tried (and will again) while the service is down; the visit stays as it was meanwhile.
    await waitFor(async () => (await retries()) > retriesBefore, 10_000, 'a retry');
    expect(await stored(session)).toEqual(before);

    comms = await startCommunicationServiceStandIn({ port });
    const thread = await threadAppears(session);
    expect(thread.participantUserIds).toEqual(
      expect.arrayContaining([session.patientId, session.initiatorId]),
    );
    expect(await stored(session)).toMatchObject({
      status: 'active',
      messagingThreadId: thread.id,
      bandwidthProfile: 'async_text',
    });
    const events = await initiatedInStream(session);
    expect(events.map((e) => e.data)).toEqual([
      expect.objectContaining({ messagingThreadId: thread.id, initiatedBy: clinician.id }),
    ]);
  });

  it('repeated and redelivered requests, handled by two workers, give one thread, one change and one event', async () => {
    const tenantId = await createTenant(ctx.admin);
    const session = await activeSession(tenantId);
    stoppables.push(await startConsumer()); // a second worker on the same durable
    const request = () =>
      createDomainEvent({ clock: systemClock, ids: ulidIds }, REQUESTED, tenantId, session.id, {
        sessionId: session.id,
        actorId: session.initiatorId,
        requestedAt: new Date().toISOString(),
      });
    // Three clicks during an outage: three requests in the outbox.
    const requests = [request(), request(), request()];
    await writeEvents(ctx.db, tenantId, requests);
    await waitFor(
      async () => (await unpublishedCount(ctx.admin, tenantId)) === 0,
      10_000,
      'the requests relayed',
    );
    // The first again, published anew (an outage longer than the duplicate window): a second delivery.
    const published = (await readStream(nc, stream.name)).find((e) => e.id === requests[0]!.id);
    expect(published).toBeDefined();
    await js.publish(
      `${stream.prefix}.${tenantId}.session.fallback.requested.v1`,
      JSON.stringify(published),
    );

    const thread = await threadAppears(session);
    await waitFor(
      async () => {
        const info = await stream.jsm.consumers.info(stream.name, durable);
        return info.num_pending === 0 && info.num_ack_pending === 0;
      },
      10_000,
      'every request handled',
    );
    expect(comms.threads().filter((t) => t.sessionId === session.id)).toEqual([thread]);
    expect((await stored(session)).bandwidthChanges).toEqual([
      expect.objectContaining({ from: 'video', to: 'async_text' }),
    ]);
    expect(await outboxRows(session, INITIATED)).toHaveLength(1);
    expect(await initiatedInStream(session)).toHaveLength(1);
  });

  it('a request for a visit that has ended meanwhile is acknowledged and opens nothing', async () => {
    const tenantId = await createTenant(ctx.admin);
    const endedAt = new Date();
    const session = sessionRecord(tenantId, {
      status: 'ended',
      actualStart: new Date(endedAt.getTime() - 600_000),
      actualEnd: endedAt,
    });
    await ctx.db.unitOfWork.run(tenantId, (scope) => scope.sessions.insert(session));
    await writeEvents(ctx.db, tenantId, [
      createDomainEvent({ clock: systemClock, ids: ulidIds }, REQUESTED, tenantId, session.id, {
        sessionId: session.id,
        actorId: session.initiatorId,
        requestedAt: new Date(endedAt.getTime() - 60_000).toISOString(),
      }),
    ]);
    await waitFor(
      async () => {
        if ((await unpublishedCount(ctx.admin, tenantId)) > 0) return false;
        const info = await stream.jsm.consumers.info(stream.name, durable);
        return info.num_pending === 0 && info.num_ack_pending === 0;
      },
      10_000,
      'the request handled',
    );
    expect(comms.threadForSession(session.id)).toBeUndefined();
    expect(await stored(session)).toMatchObject({ status: 'ended', messagingThreadId: null });
    expect(await outboxRows(session, INITIATED)).toEqual([]);
  });

  it('a trigger that is not a session event goes to the dead-letter subject at once, untouched', async () => {
    const tenantId = await createTenant(ctx.admin);
    // JSON, but no session named: no thread can ever be opened for it.
    const unreadable = JSON.stringify({ id: 'evt-unreadable', type: FAILED, tenantid: tenantId });
    await js.publish(`${stream.prefix}.${tenantId}.session.failed.v1`, unreadable);

    const reader = await js.consumers.get(stream.name, {
      filter_subjects: [deadLetterSubject(stream.prefix, durable)],
    });
    const letter = await reader.next({ expires: 10_000 });
    expect(letter).not.toBeNull();
    expect(new TextDecoder().decode(letter!.data)).toBe(unreadable);
    expect(letter!.headers?.get(DEAD_LETTER_HEADERS.consumer)).toBe(durable);
    expect(letter!.headers?.get(DEAD_LETTER_HEADERS.reason)).toBe('malformed');
    expect(
      (await metrics.deadLettered.get()).values.find((v) => v.labels.consumer === durable)?.value,
    ).toBe(1);
  });
});
