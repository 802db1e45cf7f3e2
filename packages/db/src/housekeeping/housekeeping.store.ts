import type pg from 'pg';
import { run, statement, type Statement } from '../sql/queryable';

/** How long a stored Idempotency-Key is honoured (docs/api.md); the worker deletes it afterwards. */
export const IDEMPOTENCY_KEY_LIFETIME_HOURS = 24;

// Each statement deletes at most $2 rows older than $1 seconds, oldest first, so one pass never holds a long
// lock or makes a huge WAL burst; the store loops until a batch comes back short.
const PRUNE_IDEMPOTENCY_KEYS = statement(
  'housekeeping_idempotency_keys',
  `DELETE FROM idempotency_keys
    WHERE (tenant_id, key) IN (SELECT tenant_id, key FROM idempotency_keys
                                WHERE created_at < NOW() - make_interval(secs => $1)
                                ORDER BY created_at LIMIT $2)`,
);
const PRUNE_SIGN_IN_ATTEMPTS = statement(
  'housekeeping_sign_in_attempts',
  `DELETE FROM sign_in_attempts
    WHERE id IN (SELECT id FROM sign_in_attempts
                  WHERE attempted_at < NOW() - make_interval(secs => $1)
                  ORDER BY attempted_at LIMIT $2)`,
);
const PRUNE_INBOX = statement(
  'housekeeping_inbox',
  `DELETE FROM virtual_care_inbox
    WHERE event_id IN (SELECT event_id FROM virtual_care_inbox
                        WHERE processed_at < NOW() - make_interval(secs => $1)
                        ORDER BY processed_at LIMIT $2)`,
);
const PRUNE_RATE_LIMIT_COUNTERS = statement(
  'housekeeping_rate_limit_counters',
  `DELETE FROM rate_limit_counters
    WHERE key IN (SELECT key FROM rate_limit_counters
                   WHERE expire < (EXTRACT(EPOCH FROM NOW()) - $1) * 1000
                   ORDER BY expire LIMIT $2)`,
);

/**
 * The worker's deletion of rows whose use is over, across tenants (the worker role's policies, decision 0034),
 * on the platform pool. Each method takes the age in seconds and returns how many rows went.
 */
export class HousekeepingStore {
  constructor(private readonly pool: pg.Pool) {}

  /** Keys past their lifetime, finished or abandoned. */
  pruneIdempotencyKeys(olderThanSeconds: number, batch = 5000): Promise<number> {
    return this.prune(PRUNE_IDEMPOTENCY_KEYS, olderThanSeconds, batch);
  }

  /** Attempts the sign-in throttle no longer counts. */
  pruneSignInAttempts(olderThanSeconds: number, batch = 5000): Promise<number> {
    return this.prune(PRUNE_SIGN_IN_ATTEMPTS, olderThanSeconds, batch);
  }

  /** Processed consumed events older than any redelivery the consumers could still see. */
  pruneInbox(olderThanSeconds: number, batch = 5000): Promise<number> {
    return this.prune(PRUNE_INBOX, olderThanSeconds, batch);
  }

  /** Request counters whose window ended (decision 0035): a key seen once would otherwise stay forever. */
  pruneRateLimitCounters(olderThanSeconds: number, batch = 5000): Promise<number> {
    return this.prune(PRUNE_RATE_LIMIT_COUNTERS, olderThanSeconds, batch);
  }

  private async prune(query: Statement, olderThanSeconds: number, batch: number): Promise<number> {
    let total = 0;
    for (;;) {
      const { rowCount } = await run(this.pool, query, [olderThanSeconds, batch]);
      total += rowCount ?? 0;
      if ((rowCount ?? 0) < batch) return total;
    }
  }
}
