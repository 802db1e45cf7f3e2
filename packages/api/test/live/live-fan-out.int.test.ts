import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createNatsLiveEvents,
  type LiveAsyncVisitChange,
  type LiveEvents,
  type LiveFeed,
  type LiveSessionChange,
} from '../../src/adapters/nats-live-events.adapter';
import { eventSubject } from '../../src/adapters/nats-event-subject';

/**
 * One NATS subscription per web process (decision 0045): however many dashboards are open, the server sees one
 * subscription on the web's connection, and each dashboard still gets only its own tenant's changes of its family.
 * The server runs with its monitoring port, so the subscriptions counted are the ones the server itself holds.
 */

interface NatsLib {
  ensureNatsServer(log?: (message: string) => void): string | null;
}
interface PortsLib {
  freePort(): Promise<number>;
  waitForPort(port: number): Promise<void>;
}

async function scriptsLib<T>(file: string): Promise<T> {
  const href = pathToFileURL(
    path.resolve(import.meta.dirname, '../../../../scripts/lib', file),
  ).href;
  return (await import(href)) as T;
}

const prefix = `vc_fanout_test_${randomUUID().slice(0, 8)}`;
const scratch = mkdtempSync(path.join(tmpdir(), 'vc-fanout-test-'));
let server: ChildProcess | undefined;
let natsUrl: string;
let monitorUrl: string;
let publisher: NatsConnection;
const adapters: LiveEvents[] = [];

beforeAll(async () => {
  const { ensureNatsServer } = await scriptsLib<NatsLib>('nats.mjs');
  const { freePort, waitForPort } = await scriptsLib<PortsLib>('ports.mjs');
  const binary = ensureNatsServer(() => undefined);
  if (!binary) throw new Error('the live tests need nats-server');
  const [port, monitorPort] = [await freePort(), await freePort()];
  server = spawn(binary, ['-a', '127.0.0.1', '-p', String(port), '-m', String(monitorPort)], {
    stdio: 'ignore',
  });
  await Promise.all([waitForPort(port), waitForPort(monitorPort)]);
  natsUrl = `nats://127.0.0.1:${port}`;
  monitorUrl = `http://127.0.0.1:${monitorPort}`;
  publisher = await connect({ servers: natsUrl });
});

afterAll(async () => {
  for (const live of adapters) await live.close();
  await publisher?.close();
  server?.kill('SIGTERM');
  rmSync(scratch, { recursive: true, force: true });
});

function liveEvents(): LiveEvents {
  const live = createNatsLiveEvents({ servers: natsUrl, subjectPrefix: prefix });
  adapters.push(live);
  return live;
}

/** The subscriptions the server holds for the web's live connection(s), read from its monitoring endpoint. */
async function serverSubscriptions(): Promise<number> {
  const answer = await fetch(`${monitorUrl}/connz?subs=1`);
  const { connections } = (await answer.json()) as {
    connections: { name?: string; subscriptions: number }[];
  };
  return connections
    .filter((c) => c.name === 'virtual-care-web-live')
    .reduce((sum, c) => sum + c.subscriptions, 0);
}

/** Waits for the server to report `count` subscriptions (an UNSUB reaches it asynchronously). */
async function expectServerSubscriptions(count: number): Promise<void> {
  const deadline = Date.now() + 3000;
  let seen = await serverSubscriptions();
  while (seen !== count && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    seen = await serverSubscriptions();
  }
  expect(seen).toBe(count);
}

function publish(tenantId: string, type: string, id: string, data: Record<string, unknown>): void {
  const event = {
    specversion: '1.0',
    id: `evt_${randomUUID()}`,
    type,
    time: '2026-05-01T09:31:00.000Z',
    subject: id,
    data,
    tenantid: tenantId,
  };
  publisher.publish(eventSubject(prefix, tenantId, type), JSON.stringify(event));
}

const joined = (tenantId: string, sessionId: string) =>
  publish(tenantId, 'virtual_care.session.participant.joined.v1', sessionId, { sessionId });
const submitted = (tenantId: string, asyncVisitId: string) =>
  publish(tenantId, 'virtual_care.async_visit.submitted.v1', asyncVisitId, { asyncVisitId });

/** The next `count` changes of a feed, or a failure naming what arrived if they do not come within 3 s. */
async function take<T>(feed: LiveFeed<T>, count: number): Promise<T[]> {
  const iterator = feed[Symbol.asyncIterator]();
  const seen: T[] = [];
  const deadline = Date.now() + 3000;
  while (seen.length < count) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const result = await Promise.race([
      iterator.next(),
      new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), Math.max(0, deadline - Date.now()));
      }),
    ]).finally(() => clearTimeout(timer));
    if (result === 'timeout') throw new Error(`only ${JSON.stringify(seen)} within 3 s`);
    if (result.done) throw new Error(`the feed ended after ${JSON.stringify(seen)}`);
    seen.push(result.value);
  }
  return seen;
}

const sessionIds = (changes: LiveSessionChange[]) => changes.map((c) => c.sessionId);
const asyncVisitIds = (changes: LiveAsyncVisitChange[]) => changes.map((c) => c.asyncVisitId);

describe('the live feeds of one web process', () => {
  it("share one NATS subscription, and each dashboard sees only its own tenant's changes of its kind", async () => {
    const live = liveEvents();
    const tenants = [randomUUID(), randomUUID(), randomUUID()];
    // Ten waiting rooms and two async-visit queues open per tenant: 36 dashboards.
    const rooms = await Promise.all(
      tenants.flatMap((tenant) =>
        Array.from({ length: 10 }, () => live.openSessionChanges(tenant)),
      ),
    );
    const queues = await Promise.all(
      tenants.flatMap((tenant) => [
        live.openAsyncVisitChanges(tenant),
        live.openAsyncVisitChanges(tenant),
      ]),
    );
    expect(rooms.every(Boolean) && queues.every(Boolean)).toBe(true);
    await expectServerSubscriptions(1);

    for (const [n, tenant] of tenants.entries()) {
      joined(tenant, `vsn_T${n}_1`);
      submitted(tenant, `avs_T${n}_1`);
      joined(tenant, `vsn_T${n}_2`);
    }
    // Another tenant nobody here serves, and a body claiming tenant 0 on tenant 1's subject: nobody sees either.
    joined(randomUUID(), 'vsn_NOBODY');
    publisher.publish(
      eventSubject(prefix, tenants[1]!, 'virtual_care.session.participant.joined.v1'),
      JSON.stringify({
        type: 'virtual_care.session.participant.joined.v1',
        data: { sessionId: 'vsn_FORGED' },
        tenantid: tenants[0],
      }),
    );
    joined(tenants[1]!, 'vsn_T1_3');

    for (const [i, room] of rooms.entries()) {
      const n = Math.floor(i / 10);
      const expected = [`vsn_T${n}_1`, `vsn_T${n}_2`, ...(n === 1 ? ['vsn_T1_3'] : [])];
      expect(sessionIds(await take(room!, expected.length))).toEqual(expected);
    }
    for (const [i, queue] of queues.entries()) {
      const n = Math.floor(i / 2);
      expect(asyncVisitIds(await take(queue!, 1))).toEqual([`avs_T${n}_1`]);
    }
    // Had any room received a change of another tenant, it would come before this marker.
    for (const [n, tenant] of tenants.entries()) joined(tenant, `vsn_T${n}_END`);
    for (const [i, room] of rooms.entries())
      expect(sessionIds(await take(room!, 1))).toEqual([`vsn_T${Math.floor(i / 10)}_END`]);

    for (const feed of [...rooms, ...queues]) feed!.close();
    // The last dashboard gone, the process holds no subscription: an idle web process receives nothing.
    await expectServerSubscriptions(0);
  });

  it('a dashboard that goes away ends its own feed only, and the next one shares the subscription again', async () => {
    const live = liveEvents();
    const tenant = randomUUID();
    const leaving = new AbortController();
    const gone = await live.openSessionChanges(tenant, leaving.signal);
    const staying = await live.openSessionChanges(tenant);
    expect(gone && staying).toBeTruthy();
    await expectServerSubscriptions(1);

    leaving.abort();
    expect(await gone![Symbol.asyncIterator]().next()).toEqual({ done: true, value: undefined });
    joined(tenant, 'vsn_AFTER');
    expect(sessionIds(await take(staying!, 1))).toEqual(['vsn_AFTER']);
    await expectServerSubscriptions(1);

    const next = await live.openSessionChanges(tenant);
    await expectServerSubscriptions(1);
    joined(tenant, 'vsn_BOTH');
    expect(sessionIds(await take(next!, 1))).toEqual(['vsn_BOTH']);
    expect(sessionIds(await take(staying!, 1))).toEqual(['vsn_BOTH']);
    staying!.close();
    next!.close();
    await expectServerSubscriptions(0);
  });

  it('drops a dashboard that stops reading, without holding up the others', async () => {
    const live = liveEvents();
    const tenant = randomUUID();
    const stalled = await live.openSessionChanges(tenant);
    const reading = await live.openSessionChanges(tenant);
    // More changes than a feed may hold unread (MAX_PENDING_CHANGES); the stalled page never reads.
    // In two rounds, so the reading page never holds more than one round unread itself.
    for (const round of [600, 401]) {
      const ids = Array.from({ length: round }, (_, n) => `vsn_${round}_${n}`);
      const seen = take(reading!, ids.length);
      for (const id of ids) joined(tenant, id);
      expect(sessionIds(await seen)).toEqual(ids);
    }
    // The stalled page's feed ended: its stream says `live.unavailable` and the page polls.
    const stalledIds: string[] = [];
    for await (const change of stalled!) stalledIds.push(change.sessionId);
    expect(stalledIds).toEqual([]);
    reading!.close();
  });
});
