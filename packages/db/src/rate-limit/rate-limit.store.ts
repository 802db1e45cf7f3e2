import type pg from 'pg';
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';

/** One limit: `points` per `durationSeconds` for each key under `keyPrefix`. */
export interface SharedCounterOptions {
  /** Names the limit; stored keys are `<keyPrefix>:<key>`. */
  readonly keyPrefix: string;
  readonly points: number;
  readonly durationSeconds: number;
}

/**
 * Request counters that every instance on this database shares (decision 0035), in `rate_limit_counters`: one
 * upsert per consume on the platform pool. The table comes from a migration, so the library never creates one.
 */
export class RateLimitStore {
  constructor(private readonly pool: pg.Pool) {}

  counter(options: SharedCounterOptions): RateLimiterAbstract {
    return new RateLimiterPostgres({
      storeClient: this.pool,
      storeType: 'pool',
      tableName: 'rate_limit_counters',
      tableCreated: true,
      keyPrefix: options.keyPrefix,
      points: options.points,
      duration: options.durationSeconds,
      // While PostgreSQL does not answer, this process counts the same limit in memory (the library checks the
      // insurance with instanceof, so it is made here, beside the store, from the same copy of the library).
      insuranceLimiter: new RateLimiterMemory({
        points: options.points,
        duration: options.durationSeconds,
      }),
    });
  }
}
