import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createDatabase } from '@virtual-care/db';
import { jetstream } from '@nats-io/jetstream';
import { describe, expect, it } from 'vitest';
import { OutboxRelay } from '../src/outbox-relay';
import { expectExactlyOnce, expectPerSessionOrder } from './support/assertions';
import {
  connectNats,
  createTenant,
  createTestStream,
  readStream,
  sessionEvent,
  silentLog,
  unpublishedCount,
  useTestContext,
  waitFor,
  writeEvents,
} from './support/fixtures';
import { ulidIds } from '@virtual-care/api';

const ctx = useTestContext();

function eventsFor(tenantId: string, sessions: number, perSession: number) {
  const ids = Array.from({ length: sessions }, () => ulidIds.next('vsn'));
  // Interleaved: session 1 event 1, session 2 event 1, ..., then event 2 of each.
  return Array.from({ length: perSession }, (_, n) =>
    ids.map((id) => sessionEvent(tenantId, id, n)),
  ).flat();
}

describe('outbox relay', () => {
  it('two relays at once publish every row exactly once, sessions in order', async () => {
    const tenantId = await createTenant(ctx.admin);
    const nc1 = await connectNats(ctx.natsUrl);
    const nc2 = await connectNats(ctx.natsUrl);
    const stream = await createTestStream(nc1);
    const dbA = createDatabase({ url: ctx.workerUrl, maxConnections: 3 });
    const dbB = createDatabase({ url: ctx.workerUrl, maxConnections: 3 });
    const events = eventsFor(tenantId, 40, 25);
    await writeEvents(ctx.db, tenantId, events.slice(0, 500));
    const common = { log: silentLog, subjectPrefix: stream.prefix, batchSize: 100, pollMs: 50 };
    const a = new OutboxRelay({
      ...common,
      outbox: dbA.outbox,
      js: jetstream(nc1),
      listenUrl: ctx.workerUrl,
    });
    const b = new OutboxRelay({
      ...common,
      outbox: dbB.outbox,
      js: jetstream(nc2),
      listenUrl: ctx.workerUrl,
    });
    await Promise.all([a.start(), b.start()]);
    await writeEvents(ctx.db, tenantId, events.slice(500), 50); // while both run
    await waitFor(
      async () => (await unpublishedCount(ctx.admin, tenantId)) === 0,
      30_000,
      'all rows published',
    );
    await Promise.all([a.stop(), b.stop()]);

    const mine = expectExactlyOnce(
      await readStream(nc1, stream.name),
      tenantId,
      events.map((e) => e.id),
    );
    expectPerSessionOrder(mine, events);
    const sample = mine[0];
    expect(sample).toMatchObject({
      specversion: '1.0',
      source: `/virtual-care/tenants/${tenantId}`,
      type: 'virtual_care.session.participant.joined.v1',
      datacontenttype: 'application/json',
      tenantid: tenantId,
    });
    // Every message of the tenant on the tenant's own subject (decision 0018).
    const { state } = await stream.jsm.streams.info(stream.name, {
      subjects_filter: `${stream.prefix}.${tenantId}.>`,
    });
    expect(state.subjects).toEqual({
      [`${stream.prefix}.${tenantId}.session.participant.joined.v1`]: events.length,
    });
    await stream.jsm.streams.delete(stream.name);
    await Promise.all([nc1.close(), nc2.close(), dbA.close(), dbB.close()]);
  });

  it('a worker killed with SIGKILL mid-run loses and duplicates nothing after a restart', async () => {
    const tenantId = await createTenant(ctx.admin);
    const nc = await connectNats(ctx.natsUrl);
    const stream = await createTestStream(nc);
    const events = eventsFor(tenantId, 100, 30);
    await writeEvents(ctx.db, tenantId, events, 500);
    const total = events.length;
    const startWorker = (): ChildProcess =>
      spawn(
        process.execPath,
        ['--import', 'tsx', path.resolve(import.meta.dirname, '../src/main.ts')],
        {
          cwd: path.resolve(import.meta.dirname, '..'),
          env: {
            ...process.env,
            DATABASE_URL: ctx.workerUrl,
            NATS_URL: ctx.natsUrl,
            NATS_STREAM: stream.name,
            NATS_SUBJECT_PREFIX: stream.prefix,
            WORKER_JOBS: 'relay',
            WORKER_HEALTH_PORT: '0',
            OUTBOX_BATCH_SIZE: '200',
            LOG_LEVEL: 'warn',
            // Every worker needs the session API's keys (.env.example); this one only relays.
            JOIN_TOKEN_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64url')}`,
            SECRET_STORE_MASTER_KEY: `m1:${Buffer.alloc(32, 2).toString('base64')}`,
          },
          stdio: ['ignore', 'ignore', 'inherit'],
        },
      );
    const streamCount = async () => (await stream.jsm.streams.info(stream.name)).state.messages;

    const first = startWorker();
    await waitFor(async () => (await streamCount()) > 0, 30_000, 'the first worker to publish');
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const leftAfterKill = await unpublishedCount(ctx.admin, tenantId);
    expect(leftAfterKill).toBeGreaterThan(0); // killed mid-run, not after it

    const second = startWorker();
    await waitFor(
      async () => (await unpublishedCount(ctx.admin, tenantId)) === 0,
      60_000,
      'the restarted worker to finish',
    );
    second.kill('SIGTERM');
    await new Promise((r) => second.once('exit', r));

    const mine = expectExactlyOnce(
      await readStream(nc, stream.name),
      tenantId,
      events.map((e) => e.id),
    );
    expect(mine).toHaveLength(total);
    expectPerSessionOrder(mine, events);
    await stream.jsm.streams.delete(stream.name);
    await nc.close();
  });
});
