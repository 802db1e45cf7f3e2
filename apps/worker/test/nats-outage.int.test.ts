import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { jetstream } from '@nats-io/jetstream';
import { describe, expect, it } from 'vitest';
import { OutboxRelay } from '../src/outbox-relay';
import { expectExactlyOnce, expectPerSessionOrder } from './support/assertions';
import { importScriptsLib, type NatsLib } from './support/global-setup';
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
const OUTAGE_MS = Number(process.env.WORKER_TEST_OUTAGE_MS ?? 8000);

describe('outbox relay while NATS is down', () => {
  it('backs off, loses nothing, and delivers every session in order once NATS is back', async () => {
    const { startNats } = await importScriptsLib<NatsLib>('nats.mjs');
    const storeDir = mkdtempSync(path.join(tmpdir(), 'vc-nats-outage-'));
    const server = await startNats({ storeDir, log: () => undefined });
    if (!server) throw new Error('nats-server is needed');
    const nc = await connectNats(server.url);
    const stream = await createTestStream(nc);
    const tenantId = await createTenant(ctx.admin);
    const relay = new OutboxRelay({
      outbox: ctx.db.outbox,
      js: jetstream(nc),
      log: silentLog,
      listenUrl: ctx.workerUrl,
      subjectPrefix: stream.prefix,
      batchSize: 100,
      pollMs: 50,
      publishTimeoutMs: 1000,
      backoffMaxMs: 1000,
    });
    await relay.start();
    const sessions = Array.from({ length: 20 }, () => ulidIds.next('vsn'));
    const written: ReturnType<typeof sessionEvent>[] = [];
    const writeRound = async (n: number) => {
      const round = sessions.map((id) => sessionEvent(tenantId, id, n));
      written.push(...round);
      await writeEvents(ctx.db, tenantId, round, 5); // several transactions per round
    };
    await writeRound(0);
    await waitFor(
      async () => (await unpublishedCount(ctx.admin, tenantId)) === 0,
      10_000,
      'the first round',
    );

    await server.stop();
    const downUntil = Date.now() + OUTAGE_MS;
    let n = 1;
    while (Date.now() < downUntil) {
      await writeRound(n++);
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(await unpublishedCount(ctx.admin, tenantId)).toBeGreaterThan(0);
    const restarted = await startNats({ storeDir, port: server.port, log: () => undefined });
    if (!restarted) throw new Error('nats-server did not restart');
    await writeRound(n);
    await waitFor(
      async () => (await unpublishedCount(ctx.admin, tenantId)) === 0,
      60_000,
      'the backlog after the outage',
    );
    await relay.stop();

    const mine = expectExactlyOnce(
      await readStream(nc, stream.name),
      tenantId,
      written.map((e) => e.id),
    );
    expectPerSessionOrder(mine, written);
    await nc.close();
    await restarted.stop();
    rmSync(storeDir, { recursive: true, force: true });
  });
});
