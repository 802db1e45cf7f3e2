// What must hold after the scale-out run, read from where it is kept: the outbox (PostgreSQL) against the events
// stream (JetStream), the Encounters in the FHIR server, the billing events, the sessions' status.
import { createRequire } from 'node:module';
import path from 'node:path';
import { root } from '../bootstrap.mjs';

// The scripts take their clients from the workspace packages that use them (pnpm does not hoist them to the root).
const fromDb = createRequire(path.join(root, 'packages/db/package.json'));
const fromWorker = createRequire(path.join(root, 'apps/worker/package.json'));
const BILLING = 'virtual_care.billing.session_chargeable.v1';
const ENCOUNTER_SYSTEM = 'urn:virtual-care:session';

/** Waits (polling, up to `timeoutMs`) until the relay has published every outbox row and every ended session of the
 * run has its Encounter id (the worker's retry fills those whose end lost FHIR). */
export async function settle({ databaseUrl, sessionIds, timeoutMs = 120_000 }) {
  const { Client } = fromDb('pg');
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await db.query(
        `SELECT (SELECT count(*) FROM virtual_care_outbox WHERE NOT published)::int AS unpublished,
                (SELECT count(*) FROM virtual_sessions
                  WHERE id = ANY($1) AND status = 'ended' AND encounter_id IS NULL)::int AS without_encounter`,
        [sessionIds],
      );
      if (rows[0].unpublished === 0 && rows[0].without_encounter === 0) return rows[0];
      if (Date.now() > deadline) return rows[0];
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    await db.end();
  }
}

/** Waits until the events stream exists at its replicas with a leader (the workers create it at start): a visit
 * before that would wait in the outbox, and its live notice be timed from the cluster's start, not the relay's. */
export async function streamReady({ natsServers, stream, replicas, timeoutMs = 120_000 }) {
  const { connect } = fromWorker('@nats-io/transport-node');
  const { jetstreamManager } = fromWorker('@nats-io/jetstream');
  const nc = await connect({ servers: natsServers });
  try {
    const jsm = await jetstreamManager(nc);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const info = await jsm.streams.info(stream).catch(() => null);
      if (info?.config.num_replicas === replicas && info.cluster?.leader) return;
      if (Date.now() > deadline) throw new Error(`stream ${stream} not ready at R${replicas}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    await nc.close();
  }
}

/** Every event id of the outbox and of the stream, and what is missing, extra or duplicated in the stream. */
export async function outboxAgainstStream({ databaseUrl, natsServers, stream }) {
  const { Client } = fromDb('pg');
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const outbox = await db
    .query(`SELECT coalesce(payload->>'id', id::text) AS id FROM virtual_care_outbox`)
    .finally(() => db.end());
  const outboxIds = outbox.rows.map((row) => row.id);

  const { connect } = fromWorker('@nats-io/transport-node');
  const nc = await connect({ servers: natsServers });
  try {
    const streamIds = await readStreamIds(nc, stream);
    const inStream = new Set(streamIds);
    const inOutbox = new Set(outboxIds);
    return {
      outbox: outboxIds.length,
      stream: streamIds.length,
      replicas: streamIds.replicas,
      missing: outboxIds.filter((id) => !inStream.has(id)).length,
      extra: streamIds.filter((id) => !inOutbox.has(id)).length,
      duplicates: streamIds.length - inStream.size,
    };
  } finally {
    await nc.close();
  }
}

/**
 * The CloudEvent id of every message in the stream, in order (with the stream's replicas). A node restarted a moment
 * ago answers the JetStream API only once it has caught up with the cluster: until then, the read is tried again.
 */
async function readStreamIds(nc, stream, timeoutMs = 60_000) {
  const { jetstream, jetstreamManager } = fromWorker('@nats-io/jetstream');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const info = await (await jetstreamManager(nc)).streams.info(stream);
      const consumer = await jetstream(nc).consumers.get(stream); // ordered, ephemeral: the whole stream
      const ids = [];
      const messages = await consumer.fetch({ max_messages: info.state.messages, expires: 10_000 });
      for await (const message of messages) {
        ids.push(JSON.parse(message.string()).id);
        if (ids.length === info.state.messages) break;
      }
      if (ids.length !== info.state.messages)
        throw new Error(`read ${ids.length} of ${info.state.messages}`);
      return Object.assign(ids, { replicas: info.config.num_replicas });
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

/** Per session of the run: its status, its Encounters in the FHIR server, its billing events. */
export async function perSession({ databaseUrl, fhirUrl, sessionIds }) {
  const { Client } = fromDb('pg');
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const [sessions, billing] = await Promise.all([
    db.query(`SELECT id, status FROM virtual_sessions WHERE id = ANY($1)`, [sessionIds]),
    db.query(
      `SELECT aggregate_id AS id, count(*)::int AS n FROM virtual_care_outbox
        WHERE event_type = $1 AND aggregate_id = ANY($2) GROUP BY aggregate_id`,
      [BILLING, sessionIds],
    ),
  ]).finally(() => db.end());
  const billingOf = new Map(billing.rows.map((row) => [row.id, row.n]));
  const statusOf = new Map(sessions.rows.map((row) => [row.id, row.status]));
  const result = [];
  for (const id of sessionIds) {
    const search = await fetch(
      `${fhirUrl}/Encounter?identifier=${encodeURIComponent(`${ENCOUNTER_SYSTEM}|${id}`)}`,
    ).then((response) => response.json());
    result.push({
      id,
      status: statusOf.get(id),
      encounters: search.entry?.length ?? 0,
      billing: billingOf.get(id) ?? 0,
    });
  }
  return result;
}
