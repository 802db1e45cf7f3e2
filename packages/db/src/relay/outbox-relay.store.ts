import type pg from 'pg';
import { run, statement } from '../sql/queryable';
import { inTransaction } from '../sql/transaction';
import type { OutboxTraceContext } from '../outbox/outbox.writer';

/** One claimed outbox row: `payload` is the whole event JSON the outbox writer stored. */
export interface ClaimedOutboxRow {
  id: string;
  seq: string;
  tenantId: string;
  eventType: string;
  aggregateId: string | null;
  payload: Record<string, unknown>;
  createdAt: Date;
  /** The trace context of the write that stored the event, when it was traced (decision 0042). */
  traceContext: OutboxTraceContext | null;
}

interface ClaimRow {
  id: string;
  seq: string;
  tenant_id: string;
  event_type: string;
  aggregate_id: string | null;
  payload: Record<string, unknown>;
  created_at: Date;
  traceparent: string | null;
  tracestate: string | null;
}

// The oldest unpublished rows, locked for this transaction; rows another relay holds are skipped.
// A claimed row is then left out (still locked, published by a later batch) when an earlier unpublished
// row of the same aggregate is not in this claim: another relay holds it, so publishing ours now could put
// a later event of a session before an earlier one. `held` finds those rows through the partial
// unpublished-seq index below the claim's highest seq (normally none: one pass over the claim's range).
// It reads committed state without blocking; a row published meanwhile only makes it conservative.
const CLAIM = statement(
  'relay_claim',
  `WITH claimed AS (
     SELECT id, seq, tenant_id, event_type, aggregate_id, payload, created_at, traceparent, tracestate
       FROM virtual_care_outbox
      WHERE published = FALSE
      ORDER BY seq
      LIMIT $1
        FOR UPDATE SKIP LOCKED
   ), held AS (
     SELECT e.aggregate_id, min(e.seq) AS first_seq
       FROM virtual_care_outbox e
      WHERE e.published = FALSE
        AND e.seq < (SELECT max(seq) FROM claimed)
        AND e.aggregate_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM claimed c2 WHERE c2.id = e.id)
      GROUP BY e.aggregate_id
   )
   SELECT c.id, c.seq::text AS seq, c.tenant_id, c.event_type, c.aggregate_id, c.payload, c.created_at,
          c.traceparent, c.tracestate
     FROM claimed c
     LEFT JOIN held h ON h.aggregate_id = c.aggregate_id
    WHERE h.aggregate_id IS NULL OR c.seq < h.first_seq
    ORDER BY c.seq`,
);

const MARK = statement(
  'relay_mark',
  `UPDATE virtual_care_outbox SET published = TRUE, published_at = NOW() WHERE id = ANY($1::uuid[])`,
);

// Bounded so one prune never holds a long lock or a huge WAL burst; the caller loops.
const PRUNE = statement(
  'relay_prune',
  `DELETE FROM virtual_care_outbox
    WHERE id IN (SELECT id FROM virtual_care_outbox
                  WHERE published = TRUE AND published_at < NOW() - make_interval(secs => $1)
                  LIMIT $2)`,
);

const LAG = statement(
  'relay_lag',
  `SELECT count(*)::int AS unpublished,
          COALESCE(EXTRACT(EPOCH FROM NOW() - min(created_at)), 0)::float8 AS oldest_age_seconds
     FROM virtual_care_outbox WHERE published = FALSE`,
);

export interface OutboxLag {
  unpublished: number;
  oldestAgeSeconds: number;
}

/**
 * The outbox as the relay sees it, across tenants (the worker role's outbox policy, decision 0003), on the
 * platform pool: claiming and marking batches, pruning what was published long ago, and the lag.
 */
export class OutboxRelayStore {
  constructor(private readonly pool: pg.Pool) {}

  /**
   * One batch in one transaction: claims up to `limit` rows in seq order, hands them to `publish`, marks them
   * published, COMMIT. When `publish` throws, the transaction rolls back and the rows stay unpublished for a
   * later batch. Returns the rows published (none: nothing was waiting).
   */
  relayBatch(
    limit: number,
    publish: (rows: readonly ClaimedOutboxRow[]) => Promise<unknown>,
  ): Promise<readonly ClaimedOutboxRow[]> {
    return inTransaction(this.pool, 'READ WRITE', async (client) => {
      const { rows } = await run<ClaimRow>(client, CLAIM, [limit]);
      if (rows.length === 0) return [];
      const claimed = rows.map(toClaimedRow);
      await publish(claimed);
      await run(client, MARK, [claimed.map((r) => r.id)]);
      return claimed;
    });
  }

  /** Deletes published rows older than the retention, `chunk` at a time; returns how many went. */
  async prune(retentionSeconds: number, chunk = 5000): Promise<number> {
    let total = 0;
    for (;;) {
      const { rowCount } = await run(this.pool, PRUNE, [retentionSeconds, chunk]);
      total += rowCount ?? 0;
      if ((rowCount ?? 0) < chunk) return total;
    }
  }

  async lag(): Promise<OutboxLag> {
    const { rows } = await run<{ unpublished: number; oldest_age_seconds: number }>(
      this.pool,
      LAG,
      [],
    );
    const row = rows[0];
    return { unpublished: row?.unpublished ?? 0, oldestAgeSeconds: row?.oldest_age_seconds ?? 0 };
  }
}

function toClaimedRow(r: ClaimRow): ClaimedOutboxRow {
  return {
    id: r.id,
    seq: r.seq,
    tenantId: r.tenant_id,
    eventType: r.event_type,
    aggregateId: r.aggregate_id,
    payload: r.payload,
    createdAt: r.created_at,
    traceContext: r.traceparent
      ? { traceparent: r.traceparent, ...(r.tracestate ? { tracestate: r.tracestate } : {}) }
      : null,
  };
}
