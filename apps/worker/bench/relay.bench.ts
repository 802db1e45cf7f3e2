// `pnpm bench`: the outbox relay's end-to-end rate against a raw loop in the same run, and the lag p99 at
// half that rate. Uses the services of scripts/bench.mjs (TEST_* variables) or starts its own.
import { jetstream } from '@nats-io/jetstream';
import { createDatabase } from '@virtual-care/db';
import { openSqlPool } from '@virtual-care/db/test-support';
import { pino } from 'pino';
import { OutboxRelay } from '../src/outbox-relay';
import {
  connectNats,
  createTenant,
  createTestStream,
  sessionEvent,
  writeEvents,
} from '../test/support/fixtures';
import setup from '../test/support/global-setup';
import { ulidIds } from '@virtual-care/api';

const ROWS = Number(process.env.BENCH_ROWS ?? 20_000);
const log = pino({ level: 'silent' });

async function main() {
  const provided: Record<string, string> = {};
  const teardown = await setup({ provide: (k: string, v: string) => (provided[k] = v) } as never);
  const admin = openSqlPool(provided.adminUrl!, 2);
  const db = createDatabase({ url: provided.workerUrl!, maxConnections: 4 });
  // The raw baseline's own connection, on the worker role like the relay's.
  const rawPool = openSqlPool(provided.workerUrl!, 1);
  const nc = await connectNats(provided.natsUrl!);
  const js = jetstream(nc);
  const tenantId = await createTenant(admin);
  const sessions = Array.from({ length: 200 }, () => ulidIds.next('vsn'));
  const fill = (n: number) =>
    writeEvents(
      db,
      tenantId,
      Array.from({ length: n }, (_, i) =>
        sessionEvent(tenantId, sessions[i % sessions.length]!, i),
      ),
      1000,
    );
  // Leftover rows of other runs would distort the first measurement: drain them first.
  const drain = await createTestStream(nc);
  const drainer = new OutboxRelay({
    outbox: db.outbox,
    js,
    log,
    listenUrl: null,
    subjectPrefix: drain.prefix,
  });
  while ((await drainer.relayOnce()) > 0);

  // Baseline: plain pg claim of 500 (SKIP LOCKED), every publish in flight, one UPDATE.
  const raw = await createTestStream(nc);
  await fill(ROWS);
  const client = await rawPool.connect();
  let t = performance.now();
  for (;;) {
    await client.query('BEGIN');
    const { rows } = await client.query<{ id: string; payload: { id: string } }>(
      'SELECT id, payload FROM virtual_care_outbox WHERE published = FALSE ORDER BY seq LIMIT 500 FOR UPDATE SKIP LOCKED',
    );
    if (rows.length === 0) {
      await client.query('COMMIT');
      break;
    }
    await Promise.all(
      rows.map((r) =>
        js.publish(`${raw.prefix}.raw`, JSON.stringify(r.payload), { msgID: r.payload.id }),
      ),
    );
    await client.query(
      'UPDATE virtual_care_outbox SET published = TRUE, published_at = NOW() WHERE id = ANY($1::uuid[])',
      [rows.map((r) => r.id)],
    );
    await client.query('COMMIT');
  }
  const rawRate = ROWS / ((performance.now() - t) / 1000);
  client.release();

  // The relay, same rows, same batch size.
  const stream = await createTestStream(nc);
  await fill(ROWS);
  const relay = new OutboxRelay({
    outbox: db.outbox,
    js,
    log,
    listenUrl: null,
    subjectPrefix: stream.prefix,
    batchSize: 500,
  });
  t = performance.now();
  while ((await relay.relayOnce()) > 0);
  const relayRate = ROWS / ((performance.now() - t) / 1000);

  // Lag at half the relay's rate: insert committed -> message received by a subscriber.
  const lagStream = await createTestStream(nc);
  const lags: number[] = [];
  const sub = nc.subscribe(`${lagStream.prefix}.>`, {
    callback: (_e, m) => {
      lags.push(Date.now() - Date.parse(m.json<{ time: string }>().time));
    },
  });
  const live = new OutboxRelay({
    outbox: db.outbox,
    js,
    log,
    listenUrl: provided.workerUrl!,
    subjectPrefix: lagStream.prefix,
    pollMs: 100,
  });
  await live.start();
  const target = relayRate / 2;
  const perTx = 10;
  const seconds = 5;
  const started = Date.now();
  let sent = 0;
  while (Date.now() - started < seconds * 1000) {
    const due = Math.floor(((Date.now() - started) / 1000) * target);
    while (sent < due) {
      await writeEvents(
        db,
        tenantId,
        Array.from({ length: perTx }, (_, i) =>
          sessionEvent(tenantId, sessions[(sent + i) % sessions.length]!, i),
        ),
        perTx,
      );
      sent += perTx;
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  const deadline = Date.now() + 10_000;
  while (lags.length < sent && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await live.stop();
  sub.unsubscribe();
  lags.sort((a, b) => a - b);
  const p = (q: number) => lags[Math.min(lags.length - 1, Math.floor(q * lags.length))] ?? NaN;

  console.log(`[bench] outbox relay, ${ROWS} rows, batch 500`);
  console.log(`[bench]   raw loop baseline      ${rawRate.toFixed(0)} rows/s`);
  console.log(
    `[bench]   relay (OutboxRelay)    ${relayRate.toFixed(0)} rows/s  = ${(relayRate / rawRate).toFixed(2)}x raw (goal >= 0.5x)`,
  );
  console.log(
    `[bench]   lag at ${target.toFixed(0)} rows/s (half max, ${sent} rows, ${perTx}/tx): p50 ${p(0.5)} ms, p99 ${p(0.99)} ms (goal p99 < 200 ms); received ${lags.length}/${sent}`,
  );

  for (const s of [drain, raw, stream, lagStream]) await s.jsm.streams.delete(s.name);
  await nc.close();
  await db.close();
  await rawPool.end();
  await admin.end();
  await teardown();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
