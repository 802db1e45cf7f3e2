import { run, statement, type Queryable } from '../sql/queryable';

/** A stored Idempotency-Key of a POST: the first request's hash and, once done, its response. */
export interface IdempotencyKeyRecord {
  key: string;
  requestHash: string;
  statusCode: number | null;
  response: unknown;
  createdAt: Date;
  /** When the pending claim was taken or taken over: its lease runs from here. */
  claimedAt: Date;
}

const FIND = statement(
  'idempotency_find',
  `SELECT key, request_hash, status_code, response, created_at, claimed_at FROM idempotency_keys
    WHERE tenant_id = $1 AND key = $2`,
);

const CLAIM = statement(
  'idempotency_claim',
  `INSERT INTO idempotency_keys (tenant_id, key, request_hash) VALUES ($1, $2, $3)
   ON CONFLICT (tenant_id, key) DO NOTHING`,
);

// One statement, so of two retriers after the lease ran out exactly one takes the claim: the
// other waits on the row lock, then sees the fresh claimed_at and updates nothing.
const TAKE_OVER = statement(
  'idempotency_take_over',
  `UPDATE idempotency_keys SET claimed_at = now()
    WHERE tenant_id = $1 AND key = $2 AND request_hash = $3 AND status_code IS NULL
      AND claimed_at < now() - $4::integer * interval '1 millisecond'
   RETURNING key`,
);

const COMPLETE = statement(
  'idempotency_complete',
  `UPDATE idempotency_keys SET status_code = $3, response = $4::jsonb WHERE tenant_id = $1 AND key = $2`,
);

// Only an unfinished claim: a stored reply is never taken back.
const RELEASE = statement(
  'idempotency_release',
  `DELETE FROM idempotency_keys WHERE tenant_id = $1 AND key = $2 AND status_code IS NULL`,
);

interface IdempotencyRow {
  key: string;
  request_hash: string;
  status_code: number | null;
  response: unknown;
  created_at: Date;
  claimed_at: Date;
}

/**
 * Claim the key in the same transaction as the work it guards, then complete it with
 * the response: a concurrent duplicate blocks on the claim until the first commits.
 */
export class PgIdempotencyKeyRepository {
  constructor(
    private readonly db: Queryable,
    private readonly tenantId: string,
  ) {}

  async find(key: string): Promise<IdempotencyKeyRecord | null> {
    const { rows } = await run<IdempotencyRow>(this.db, FIND, [this.tenantId, key]);
    const r = rows[0];
    return r
      ? {
          key: r.key,
          requestHash: r.request_hash,
          statusCode: r.status_code,
          response: r.response,
          createdAt: r.created_at,
          claimedAt: r.claimed_at,
        }
      : null;
  }

  /** True if this call claimed the key; false if it already existed. */
  async claim(key: string, requestHash: string): Promise<boolean> {
    const { rowCount } = await run(this.db, CLAIM, [this.tenantId, key, requestHash]);
    return rowCount === 1;
  }

  /** True if this call took over a pending claim (same request) older than `leaseMs`. */
  async takeOver(key: string, requestHash: string, leaseMs: number): Promise<boolean> {
    const { rowCount } = await run(this.db, TAKE_OVER, [this.tenantId, key, requestHash, leaseMs]);
    return rowCount === 1;
  }

  async complete(key: string, statusCode: number, response: unknown): Promise<void> {
    await run(this.db, COMPLETE, [this.tenantId, key, statusCode, JSON.stringify(response)]);
  }

  /** Gives up an unfinished claim, so a retry with the same key runs the work again. */
  async release(key: string): Promise<void> {
    await run(this.db, RELEASE, [this.tenantId, key]);
  }
}
