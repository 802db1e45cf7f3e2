import type { RateLimitStore } from '@virtual-care/db';
import { LeasedCounter } from './leased-counter';
import { RateLimitedError, type RateLimitName } from './rate-limited.error';

/** The limits, from the API's environment (RATE_LIMIT_*, TRUSTED_PROXY_HOPS). */
export interface RateLimitConfig {
  /** The window of the request limits, in seconds. */
  windowSeconds: number;
  /** Calls per window of one signed-in user or bearer token subject. */
  perClient: number;
  /** Calls per window of all of a tenant's users together. */
  perTenant: number;
  /** Requests per window from one address, signed in or not (the join pages included). */
  perAddress: number;
  /** Join tokens refused as not ours (forged, garbled, unknown participant) per address ... */
  joinFailuresPerAddress: number;
  /** ... in this window, in seconds. */
  joinFailureWindowSeconds: number;
  /** Proxies in front of the app that append to X-Forwarded-For (clientAddressOf); 0: addresses are not known. */
  trustedProxyHops: number;
}

/** Each throws RateLimitedError when the request is over a limit. */
export interface RateLimits {
  readonly trustedProxyHops: number;
  /** A call of a signed-in user or bearer token subject in their tenant. */
  call(clientId: string, tenantId: string): Promise<void>;
  /** Any request from `address` (null: not known, not limited per address). */
  request(address: string | null): Promise<void>;
  /** A join token from `address` was refused as not ours. */
  joinTokenRefused(address: string | null): Promise<void>;
}

/**
 * Counted in PostgreSQL, shared by every instance (decision 0035). The request limits are spent in leases
 * (LeasedCounter), so most requests cost no round trip; refused join tokens are counted one by one, and a good
 * token is never counted. While PostgreSQL does not answer, each process counts the same limits in memory (the
 * library's insurance limiter): limits then hold per instance, neither dropped nor refusing everyone.
 */
export function createRateLimits(store: RateLimitStore, config: RateLimitConfig): RateLimits {
  const limit = (
    name: RateLimitName,
    points: number,
    durationSeconds: number,
    lease?: number,
  ): ((key: string) => Promise<void>) => {
    const shared = store.counter({ keyPrefix: name, points, durationSeconds });
    const counter = new LeasedCounter(shared, lease === undefined ? {} : { lease });
    return async (key) => {
      const retryAfterMs = await counter.take(key);
      if (retryAfterMs !== null) throw new RateLimitedError(name, retryAfterMs);
    };
  };
  const client = limit('client', config.perClient, config.windowSeconds);
  const tenant = limit('tenant', config.perTenant, config.windowSeconds);
  const address = limit('address', config.perAddress, config.windowSeconds);
  const joinFailures = limit(
    'join-failures',
    config.joinFailuresPerAddress,
    config.joinFailureWindowSeconds,
    1,
  );
  return {
    trustedProxyHops: config.trustedProxyHops,
    async call(clientId, tenantId) {
      await client(clientId);
      await tenant(tenantId);
    },
    async request(from) {
      if (from !== null) await address(from);
    },
    async joinTokenRefused(from) {
      if (from !== null) await joinFailures(from);
    },
  };
}
