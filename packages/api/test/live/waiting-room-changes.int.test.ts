import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TRPCError } from '@trpc/server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createNatsLiveEvents,
  type LiveEvents,
  type LiveSessionFeed,
} from '../../src/adapters/nats-live-events.adapter';
import { eventSubject } from '../../src/adapters/nats-event-subject';
import { createContext, type Context } from '../../src/edge/context';
import { asyncVisitsRouter } from '../../src/features/async-visits/async-visits.router';
import type { WaitingRoomSignal } from '../../src/features/waiting-room/waiting-room-changes.procedure';
import { waitingRoomRouter } from '../../src/features/waiting-room/waiting-room.router';
import { createCallerFactory, router } from '../../src/edge/trpc';

interface StartedNats {
  url: string;
  port: number;
  stop(): Promise<void>;
}
interface NatsLib {
  startNats(options: {
    storeDir: string;
    port?: number;
    log?: (message: string) => void;
  }): Promise<StartedNats | null>;
}
interface PortsLib {
  freePort(): Promise<number>;
}

/** The repository's own service helpers (scripts/lib, plain .mjs), as the start and test commands use them. */
async function scriptsLib<T>(file: string): Promise<T> {
  const href = pathToFileURL(
    path.resolve(import.meta.dirname, '../../../../scripts/lib', file),
  ).href;
  return (await import(href)) as T;
}

const testRouter = router({ waitingRoom: waitingRoomRouter, asyncVisits: asyncVisitsRouter });
const createCaller = createCallerFactory(testRouter);
// Our own subject prefix (the relay's `subjectPrefix`): a shared test server's VIRTUAL_CARE stream stores nothing of ours.
const prefix = `vc_live_test_${randomUUID().slice(0, 8)}`;
const scratch = mkdtempSync(path.join(tmpdir(), 'vc-live-test-'));
const started: StartedNats[] = [];
const adapters: LiveEvents[] = [];
let natsLib: NatsLib;
let natsUrl: string;
let publisher: NatsConnection;

function contextFor(
  tenantId: string,
  liveEvents: LiveEvents | null,
  roles: string[] = ['clinician'],
): Context {
  return createContext(
    {
      user: { id: `usr_${tenantId.slice(0, 8)}`, email: 'c@example.test', name: 'Dr C' },
      tenantId,
      tenantName: 'Clinic',
      roles,
    },
    { liveEvents },
  );
}

function liveEvents(
  servers: string,
  options: { timeoutMs?: number; retryAfterMs?: number } = {},
): LiveEvents {
  const live = createNatsLiveEvents({ servers, subjectPrefix: prefix, ...options });
  adapters.push(live);
  return live;
}

/** Subscribes as a clinician of `tenantId`; `abort` plays the browser closing the page. */
async function subscribe(tenantId: string, live: LiveEvents | null) {
  const controller = new AbortController();
  const iterable = await createCaller(contextFor(tenantId, live), {
    signal: controller.signal,
  }).waitingRoom.changes();
  const iterator = iterable[Symbol.asyncIterator]();
  return { iterator, abort: () => controller.abort() };
}

/** Subscribes to the async-visit queue as a clinician of `tenantId`. */
async function subscribeToAsyncVisits(tenantId: string, live: LiveEvents | null) {
  const controller = new AbortController();
  const iterable = await createCaller(contextFor(tenantId, live), {
    signal: controller.signal,
  }).asyncVisits.changes();
  const iterator = iterable[Symbol.asyncIterator]();
  return { iterator, abort: () => controller.abort() };
}

async function nextOf<TSignal>(
  iterator: AsyncIterator<TSignal>,
  timeoutMs = 3000,
): Promise<IteratorResult<TSignal>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no signal within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([iterator.next(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function signalOf<TSignal>(iterator: AsyncIterator<TSignal>): Promise<TSignal> {
  const result = await nextOf(iterator);
  if (result.done) throw new Error('the subscription ended');
  return result.value;
}

/** What the outbox relay publishes (docs/events.md): subject = the event type under the prefix and the tenant. */
function publishEvent(
  tenantId: string,
  type: string,
  sessionId: string,
  extra: Record<string, unknown> = {},
): void {
  const event = {
    specversion: '1.0',
    id: `evt_${randomUUID()}`,
    source: `/virtual-care/tenants/${tenantId}`,
    type,
    time: '2026-05-01T09:31:00.000Z',
    subject: sessionId,
    datacontenttype: 'application/json',
    data: { sessionId, participantId: 'vsp_1' },
    tenantid: tenantId,
    sequence: '1',
    ...extra,
  };
  publisher.publish(eventSubject(prefix, tenantId, type), JSON.stringify(event));
}

/** A patient's submission as the relay publishes it: the payload of the outbox event, its id as the subject. */
function publishSubmitted(tenantId: string, asyncVisitId: string): void {
  publishEvent(tenantId, 'virtual_care.async_visit.submitted.v1', asyncVisitId, {
    data: {
      asyncVisitId,
      patientId: randomUUID(),
      providerId: null,
      clientMutationId: randomUUID(),
      attachmentCount: 1,
      submittedAt: '2026-05-01T09:31:00.000Z',
    },
  });
}

beforeAll(async () => {
  natsLib = await scriptsLib<NatsLib>('nats.mjs');
  natsUrl = process.env.TEST_NATS_URL ?? '';
  if (!natsUrl) {
    const nats = await natsLib.startNats({
      storeDir: path.join(scratch, 'shared'),
      log: () => undefined,
    });
    if (!nats) throw new Error('the live tests need nats-server (or TEST_NATS_URL)');
    started.push(nats);
    natsUrl = nats.url;
  }
  publisher = await connect({ servers: natsUrl });
});

afterAll(async () => {
  for (const live of adapters) await live.close();
  await publisher?.close();
  for (const nats of started.reverse()) await nats.stop();
  rmSync(scratch, { recursive: true, force: true });
});

describe('waitingRoom.changes (tRPC subscription fed by NATS)', () => {
  it("yields only the caller's tenant's session changes, as small signals, and stops on abort", async () => {
    const live = liveEvents(natsUrl);
    const tenantA = randomUUID();
    const tenantB = randomUUID();
    const a = await subscribe(tenantA, live);
    const b = await subscribe(tenantB, live);
    expect((await signalOf(a.iterator)).type).toBe('live.ready');
    expect((await signalOf(b.iterator)).type).toBe('live.ready');

    publishEvent(tenantB, 'virtual_care.session.participant.joined.v1', 'vsn_B1');
    publishEvent(tenantA, 'virtual_care.session.created.v1', 'vsn_A0'); // not a waiting-room change
    publisher.publish(
      eventSubject(prefix, tenantA, 'virtual_care.session.participant.joined.v1'),
      'not a CloudEvent',
    );
    // On B's subject, whatever its body claims: A's subscription is to A's subjects only.
    publisher.publish(
      eventSubject(prefix, tenantB, 'virtual_care.session.participant.joined.v1'),
      JSON.stringify({
        specversion: '1.0',
        id: `evt_${randomUUID()}`,
        type: 'virtual_care.session.participant.joined.v1',
        time: '2026-05-01T09:31:00.000Z',
        data: { sessionId: 'vsn_FORGED' },
        tenantid: tenantA,
      }),
    );
    publishEvent(tenantA, 'virtual_care.session.participant.joined.v1', 'vsn_A1');
    publishEvent(tenantB, 'virtual_care.session.participant.admitted.v1', 'vsn_B1');
    publishEvent(tenantA, 'virtual_care.session.participant.admitted.v1', 'vsn_A1');
    publishEvent(tenantA, 'virtual_care.session.started.v1', 'vsn_A1');
    publishEvent(tenantA, 'virtual_care.session.fallback.initiated.v1', 'vsn_A1');
    // No data.sessionId: the CloudEvent subject (the aggregate id) names the session.
    publishEvent(tenantA, 'virtual_care.session.ended.v1', 'vsn_A1', {
      data: {},
      subject: 'vsn_A1',
    });

    const seenByA = [
      await signalOf(a.iterator),
      await signalOf(a.iterator),
      await signalOf(a.iterator),
      await signalOf(a.iterator),
      await signalOf(a.iterator),
    ];
    expect(seenByA).toEqual([
      { type: 'participant.joined', sessionId: 'vsn_A1', at: '2026-05-01T09:31:00.000Z' },
      { type: 'participant.admitted', sessionId: 'vsn_A1', at: '2026-05-01T09:31:00.000Z' },
      { type: 'session.started', sessionId: 'vsn_A1', at: '2026-05-01T09:31:00.000Z' },
      { type: 'session.fallback', sessionId: 'vsn_A1', at: '2026-05-01T09:31:00.000Z' },
      { type: 'session.ended', sessionId: 'vsn_A1', at: '2026-05-01T09:31:00.000Z' },
    ]);
    const seenByB = [await signalOf(b.iterator), await signalOf(b.iterator)];
    expect(seenByB.map((s) => [s.type, s.sessionId])).toEqual([
      ['participant.joined', 'vsn_B1'],
      ['participant.admitted', 'vsn_B1'],
    ]);
    // Only the three keys: nothing of the event's payload travels to the page.
    for (const signal of [...seenByA, ...seenByB])
      expect(Object.keys(signal).sort()).toEqual(['at', 'sessionId', 'type']);

    // The client goes away: the generator (blocked on the NATS subscription) ends, without an `unavailable`.
    const t0 = Date.now();
    a.abort();
    expect(await nextOf(a.iterator, 1000)).toEqual({ done: true, value: undefined });
    expect(Date.now() - t0).toBeLessThan(1000);

    // B is untouched by A leaving, and sees later changes of its own tenant only.
    publishEvent(tenantA, 'virtual_care.session.cancelled.v1', 'vsn_A2');
    publishEvent(tenantB, 'virtual_care.session.participant.removed.v1', 'vsn_B1');
    expect(await signalOf(b.iterator)).toMatchObject({
      type: 'participant.removed',
      sessionId: 'vsn_B1',
    });
    b.abort();
    expect((await nextOf(b.iterator, 1000)).done).toBe(true);
  });

  it('subscribes by tenant subject, so a tenant id must be a UUID', async () => {
    const live = liveEvents(natsUrl);
    await expect(live.openSessionChanges('tenant.>')).rejects.toThrow(/UUID/);
  });

  it('refuses callers without the clinician role', async () => {
    const live = liveEvents(natsUrl);
    const caller = createCaller(contextFor(randomUUID(), live, ['patient']));
    await expect(caller.waitingRoom.changes()).rejects.toSatisfy(
      (error) => error instanceof TRPCError && error.code === 'FORBIDDEN',
    );
    const signedOut = createContext(null, { liveEvents: live });
    await expect(createCaller(signedOut).waitingRoom.changes()).rejects.toSatisfy(
      (error) => error instanceof TRPCError && error.code === 'UNAUTHORIZED',
    );
  });

  it('ends at once with `live.unavailable` when NATS is not configured or not reachable', async () => {
    const off = await subscribe(randomUUID(), null);
    expect(await signalOf(off.iterator)).toMatchObject({
      type: 'live.unavailable',
      sessionId: null,
    });
    expect((await nextOf(off.iterator)).done).toBe(true);

    const { freePort } = await scriptsLib<PortsLib>('ports.mjs');
    const nobody = liveEvents(`nats://127.0.0.1:${await freePort()}`, { timeoutMs: 1000 });
    const t0 = Date.now();
    const down = await subscribe(randomUUID(), nobody);
    expect(await signalOf(down.iterator)).toMatchObject({
      type: 'live.unavailable',
      sessionId: null,
    });
    expect((await nextOf(down.iterator)).done).toBe(true);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('ends live streams with `live.unavailable` when NATS goes away, and is live again once it is back', async () => {
    const own = await natsLib.startNats({
      storeDir: path.join(scratch, 'own'),
      log: () => undefined,
    });
    if (!own) throw new Error('nats-server is needed');
    started.push(own);
    const live = liveEvents(own.url, { timeoutMs: 1000 });
    const tenant = randomUUID();
    const first = await subscribe(tenant, live);
    expect((await signalOf(first.iterator)).type).toBe('live.ready');

    await own.stop();
    expect(await signalOf(first.iterator)).toMatchObject({ type: 'live.unavailable' });
    expect((await nextOf(first.iterator)).done).toBe(true);
    // While the connection is down, a new subscriber is told at once.
    const during = await subscribe(tenant, live);
    expect(await signalOf(during.iterator)).toMatchObject({ type: 'live.unavailable' });

    const again = await natsLib.startNats({
      storeDir: path.join(scratch, 'own'),
      port: own.port,
      log: () => undefined,
    });
    if (!again) throw new Error('nats-server is needed');
    started.push(again);
    // The client reconnects in the background (every 2 s).
    let signal: WaitingRoomSignal | null = null;
    for (let attempt = 0; attempt < 20 && signal?.type !== 'live.ready'; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const retry = await subscribe(tenant, live);
      signal = await signalOf(retry.iterator);
      retry.abort();
    }
    expect(signal?.type).toBe('live.ready');
  });

  it('streams over SSE (the fetch adapter the web route uses) and ends the NATS subscription when the request is aborted', async () => {
    const live = liveEvents(natsUrl);
    let feedsClosed = 0;
    // Counts the procedure's clean-up of its feed (its `finally`), i.e. the NATS subscription ending.
    const spy: LiveEvents = {
      async openSessionChanges(tenantId, signal) {
        const feed = await live.openSessionChanges(tenantId, signal);
        if (!feed) return null;
        const counted: LiveSessionFeed = {
          [Symbol.asyncIterator]: () => feed[Symbol.asyncIterator](),
          close: () => {
            feedsClosed += 1;
            feed.close();
          },
        };
        return counted;
      },
      openAsyncVisitChanges: (tenantId, signal) => live.openAsyncVisitChanges(tenantId, signal),
      close: () => live.close(),
    };
    const tenant = randomUUID();
    const other = randomUUID();
    const controller = new AbortController();
    const response = await fetchRequestHandler({
      endpoint: '/api/trpc',
      req: new Request('http://localhost/api/trpc/waitingRoom.changes', {
        signal: controller.signal,
      }),
      router: testRouter,
      createContext: () => contextFor(tenant, spy),
    });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    const readUntil = async (needle: string) => {
      const deadline = Date.now() + 3000;
      while (!text.includes(needle)) {
        if (Date.now() > deadline) throw new Error(`no ${needle} in the stream: ${text}`);
        const { value, done } = await reader.read();
        if (done) throw new Error(`the stream ended before ${needle}: ${text}`);
        text += value;
      }
    };
    await readUntil('live.ready');
    publishEvent(other, 'virtual_care.session.participant.joined.v1', 'vsn_OTHER');
    publishEvent(tenant, 'virtual_care.session.participant.joined.v1', 'vsn_MINE');
    await readUntil('vsn_MINE');
    expect(text).not.toContain('vsn_OTHER');
    expect(text).not.toContain(tenant); // the tenant id, like the payload, stays on the server

    controller.abort();
    const deadline = Date.now() + 2000;
    while (feedsClosed === 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(feedsClosed).toBe(1);
    await reader.cancel().catch(() => undefined);
  });
});

describe('asyncVisits.changes (tRPC subscription fed by NATS)', () => {
  it("signals a submitted async visit to its own tenant's clinicians only, by id, apart from the waiting room", async () => {
    const live = liveEvents(natsUrl);
    const tenantA = randomUUID();
    const tenantB = randomUUID();
    const queueA = await subscribeToAsyncVisits(tenantA, live);
    const queueB = await subscribeToAsyncVisits(tenantB, live);
    const roomA = await subscribe(tenantA, live);
    expect((await signalOf(queueA.iterator)).type).toBe('live.ready');
    expect((await signalOf(queueB.iterator)).type).toBe('live.ready');
    expect((await signalOf(roomA.iterator)).type).toBe('live.ready');

    publishSubmitted(tenantB, 'avs_B1');
    publishEvent(tenantA, 'virtual_care.session.participant.joined.v1', 'vsn_A1');
    publishSubmitted(tenantA, 'avs_A1');
    // On B's subject, whatever its body claims: A's subscription is to A's subjects only.
    publisher.publish(
      eventSubject(prefix, tenantB, 'virtual_care.async_visit.submitted.v1'),
      JSON.stringify({
        specversion: '1.0',
        id: `evt_${randomUUID()}`,
        type: 'virtual_care.async_visit.submitted.v1',
        time: '2026-05-01T09:31:00.000Z',
        data: { asyncVisitId: 'avs_FORGED' },
        tenantid: tenantA,
      }),
    );
    publishSubmitted(tenantA, 'avs_A2');
    publishSubmitted(tenantB, 'avs_B2');
    publishEvent(tenantA, 'virtual_care.session.participant.admitted.v1', 'vsn_A1');

    // Each queue sees its own tenant's submissions, in order, and nothing else in between.
    const seenByA = [await signalOf(queueA.iterator), await signalOf(queueA.iterator)];
    expect(seenByA).toEqual([
      { type: 'async_visit.submitted', asyncVisitId: 'avs_A1', at: '2026-05-01T09:31:00.000Z' },
      { type: 'async_visit.submitted', asyncVisitId: 'avs_A2', at: '2026-05-01T09:31:00.000Z' },
    ]);
    const seenByB = [await signalOf(queueB.iterator), await signalOf(queueB.iterator)];
    expect(seenByB.map((s) => [s.type, s.asyncVisitId])).toEqual([
      ['async_visit.submitted', 'avs_B1'],
      ['async_visit.submitted', 'avs_B2'],
    ]);
    // Only the three keys: neither the patient nor anything else of the payload travels to the page.
    for (const signal of [...seenByA, ...seenByB])
      expect(Object.keys(signal).sort()).toEqual(['asyncVisitId', 'at', 'type']);
    // The waiting room has its session changes, not the submissions.
    expect([await signalOf(roomA.iterator), await signalOf(roomA.iterator)]).toEqual([
      { type: 'participant.joined', sessionId: 'vsn_A1', at: '2026-05-01T09:31:00.000Z' },
      { type: 'participant.admitted', sessionId: 'vsn_A1', at: '2026-05-01T09:31:00.000Z' },
    ]);

    // The clinician leaves the dashboard: the stream ends without an `unavailable`.
    queueA.abort();
    queueB.abort();
    roomA.abort();
    expect(await nextOf(queueA.iterator, 1000)).toEqual({ done: true, value: undefined });
    expect(await nextOf(queueB.iterator, 1000)).toEqual({ done: true, value: undefined });
    expect(await nextOf(roomA.iterator, 1000)).toEqual({ done: true, value: undefined });
  });

  it('tells the queue to keep polling when NATS is not configured, and refuses patients', async () => {
    const off = await subscribeToAsyncVisits(randomUUID(), null);
    expect(await signalOf(off.iterator)).toMatchObject({
      type: 'live.unavailable',
      asyncVisitId: null,
    });
    expect((await nextOf(off.iterator)).done).toBe(true);

    const patient = createCaller(contextFor(randomUUID(), liveEvents(natsUrl), ['patient']));
    await expect(patient.asyncVisits.changes()).rejects.toSatisfy(
      (error) => error instanceof TRPCError && error.code === 'FORBIDDEN',
    );
  });
});
