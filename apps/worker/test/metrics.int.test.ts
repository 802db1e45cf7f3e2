import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { startMetricsServer, ulidIds } from '@virtual-care/api';
import type { DomainEvent } from '@virtual-care/domain';
import { jetstream } from '@nats-io/jetstream';
import { afterEach, describe, expect, it } from 'vitest';
import { loadWorkerEnv } from '../src/env';
import { createMetrics } from '../src/metrics';
import { OutboxRelay } from '../src/outbox-relay';
import {
  connectNats,
  createTenant,
  createTestStream,
  participantRecord,
  sessionRecord,
  silentLog,
  useTestContext,
  writeEvents,
} from './support/fixtures';

const ctx = useTestContext();
const servers: Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

async function serve(registry: ReturnType<typeof createMetrics>['registry'], host = '127.0.0.1') {
  const server = await startMetricsServer({ port: 0, host, registry });
  servers.push(server);
  return server;
}

async function scrape(server: Server, host = '127.0.0.1'): Promise<string> {
  const { port } = server.address() as AddressInfo;
  const response = await fetch(`http://${host}:${port}/metrics`);
  expect(response.status).toBe(200);
  return response.text();
}

/** One sample's value; 0 when the series is absent. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

/** An address of this machine other than loopback, if it has one. */
function outwardAddress(): string | null {
  for (const entries of Object.values(networkInterfaces()))
    for (const entry of entries ?? [])
      if (!entry.internal && entry.family === 'IPv4') return entry.address;
  return null;
}

describe('the worker metrics (decision 0043)', () => {
  it('the open sessions by status and the waiting room, as Prometheus scrapes them', async () => {
    const metrics = createMetrics({ defaults: false, census: ctx.db.scans, censusTtlMs: 0 });
    const server = await serve(metrics.registry);
    const before = await scrape(server);
    // Two sessions of a new tenant: one scheduled, one with its patient in the waiting room.
    const tenantId = await createTenant(ctx.admin);
    const scheduled = sessionRecord(tenantId);
    const waiting = sessionRecord(tenantId, { status: 'waiting' });
    await ctx.db.unitOfWork.run(tenantId, async (scope) => {
      await scope.sessions.insert(scheduled);
      await scope.sessions.insert(waiting);
      await scope.participants.save([
        participantRecord(scheduled, { role: 'patient', status: 'invited' }),
        participantRecord(waiting, {
          role: 'patient',
          status: 'waiting',
          waitingSince: new Date(),
        }),
        participantRecord(waiting, { role: 'provider', status: 'invited' }),
      ]);
    });
    const after = await scrape(server);
    const moved = (series: string) => sample(after, series) - sample(before, series);
    expect(moved('virtual_care_waiting_room_participants')).toBe(1);
    expect(moved('virtual_care_sessions{status="scheduled"}')).toBe(1);
    expect(moved('virtual_care_sessions{status="waiting"}')).toBe(1);
    expect(moved('virtual_care_sessions{status="active"}')).toBe(0);
  });

  it('one census answers the scrapes within its time to live: many scrapers, one query', async () => {
    let queries = 0;
    const census = {
      sessionCensus: () => {
        queries++;
        return Promise.resolve({ sessionsByStatus: { active: queries }, waiting: 7 });
      },
    };
    const metrics = createMetrics({ defaults: false, census, censusTtlMs: 60_000 });
    const server = await serve(metrics.registry);
    const scrapes = await Promise.all([scrape(server), scrape(server), scrape(server)]);
    expect(queries).toBe(1);
    for (const text of scrapes) {
      expect(sample(text, 'virtual_care_sessions{status="active"}')).toBe(1);
      expect(sample(text, 'virtual_care_waiting_room_participants')).toBe(7);
    }
  });

  it('a fallback counts once, from its event, as the relay publishes it', async () => {
    const metrics = createMetrics({ defaults: false });
    const tenantId = await createTenant(ctx.admin);
    const nc = await connectNats(ctx.natsUrl);
    try {
      const stream = await createTestStream(nc);
      const fallback = (sessionStatus: 'active' | 'failed'): DomainEvent => {
        const sessionId = ulidIds.next('vsn');
        return {
          id: ulidIds.next('evt'),
          type: 'virtual_care.session.fallback.initiated.v1',
          tenantId,
          aggregateId: sessionId,
          occurredAt: new Date(),
          payload: {
            sessionId,
            messagingThreadId: `thread-${sessionId}`,
            initiatedBy: 'system',
            sessionStatus,
            profile: 'async_text',
          },
        };
      };
      const relay = (withMetrics: boolean) =>
        new OutboxRelay({
          outbox: ctx.db.outbox,
          js: jetstream(nc),
          log: silentLog,
          listenUrl: null,
          subjectPrefix: stream.prefix,
          ...(withMetrics ? { metrics } : {}),
        });
      const drain = async (r: OutboxRelay) => {
        while ((await r.relayOnce()) > 0);
      };
      // What earlier tests left unpublished is not this test's to count.
      await drain(relay(false));
      await writeEvents(ctx.db, tenantId, [
        fallback('active'),
        fallback('failed'),
        fallback('failed'),
      ]);
      await drain(relay(true));
      const text = await scrape(await serve(metrics.registry));
      expect(sample(text, 'virtual_care_fallbacks_total{session_status="active"}')).toBe(1);
      expect(sample(text, 'virtual_care_fallbacks_total{session_status="failed"}')).toBe(2);
    } finally {
      await nc.close();
    }
  });
});

describe("the worker's health and metrics server listens where WORKER_HEALTH_HOST says", () => {
  const env = (host?: string) =>
    loadWorkerEnv({
      DATABASE_URL: 'postgresql://u:p@localhost:5432/db',
      JOIN_TOKEN_KEYS: `k1:${randomBytes(32).toString('base64url')}`,
      SECRET_STORE_MASTER_KEY: `m1:${randomBytes(32).toString('base64')}`,
      ...(host ? { WORKER_HEALTH_HOST: host } : {}),
    });

  it('this host only by default: another machine cannot reach it', async () => {
    const config = env();
    expect(config.healthHost).toBe('127.0.0.1');
    const server = await serve(createMetrics({ defaults: false }).registry, config.healthHost);
    await scrape(server);
    const outward = outwardAddress();
    if (outward === null) return; // a machine with loopback only has no other address to try
    const { port } = server.address() as AddressInfo;
    await expect(fetch(`http://${outward}:${port}/metrics`)).rejects.toThrow();
  });

  it('0.0.0.0: scraped through the machine’s own network address', async () => {
    const config = env('0.0.0.0');
    expect(config.healthHost).toBe('0.0.0.0');
    const server = await serve(createMetrics({ defaults: false }).registry, config.healthHost);
    const outward = outwardAddress() ?? '127.0.0.1';
    expect(await scrape(server, outward)).toContain('virtual_care_outbox_unpublished');
  });

  it('refuses a host that is not an address', () => {
    expect(() => env('0.0.0.0; rm -rf /')).toThrow(/WORKER_HEALTH_HOST/);
  });
});
