import type { PgTenantUnitOfWork } from '../unit-of-work/tenant-unit-of-work';

/**
 * How long a pending claim holds its key (decision 0048). A claim older than this was left by a process that died
 * between claim and reply, and the next request with the same key and body takes it over. Four times the longest
 * outbound timeout (the AI summary's 30 s default; session creation's own calls time out after 5 s), so a request
 * still running is not taken over.
 */
export const IDEMPOTENCY_CLAIM_LEASE_MS = 120_000;

/** What a request carrying an Idempotency-Key finds when it tries to claim the key. */
export type IdempotencyClaim =
  /** This request holds the key (new, or taken over after its lease ran out): run the work, then `complete`. */
  | { readonly kind: 'claimed' }
  /** The first request with this key and the same fingerprint finished: replay its reply. */
  | { readonly kind: 'replay'; readonly statusCode: number; readonly response: unknown }
  /** The key was first used with another request. */
  | { readonly kind: 'reused' }
  /** The first request with this key is still running: its claim may be taken over once `leaseEndsAt` passes. */
  | { readonly kind: 'pending'; readonly leaseEndsAt: Date };

/**
 * Idempotency-Keys of a tenant's POSTs, each step its own tenant transaction: the claim commits at once, so a
 * concurrent request with the same key sees it and waits for the reply instead of running the work twice. `leaseMs`
 * is injectable for tests only.
 */
export class IdempotencyStore {
  constructor(
    private readonly uow: PgTenantUnitOfWork,
    private readonly leaseMs: number = IDEMPOTENCY_CLAIM_LEASE_MS,
  ) {}

  claim(tenantId: string, key: string, requestHash: string): Promise<IdempotencyClaim> {
    return this.uow.run(tenantId, async ({ idempotencyKeys }): Promise<IdempotencyClaim> => {
      if (await idempotencyKeys.claim(key, requestHash)) return { kind: 'claimed' };
      if (await idempotencyKeys.takeOver(key, requestHash, this.leaseMs))
        return { kind: 'claimed' };
      const stored = await idempotencyKeys.find(key);
      if (!stored) return { kind: 'pending', leaseEndsAt: new Date() }; // released just now: claim again
      if (stored.requestHash !== requestHash) return { kind: 'reused' };
      if (stored.statusCode != null)
        return { kind: 'replay', statusCode: stored.statusCode, response: stored.response };
      return { kind: 'pending', leaseEndsAt: new Date(stored.claimedAt.getTime() + this.leaseMs) };
    });
  }

  /** Stores the reply every later request with the key gets back. */
  complete(tenantId: string, key: string, statusCode: number, response: unknown): Promise<void> {
    return this.uow.run(tenantId, (scope) =>
      scope.idempotencyKeys.complete(key, statusCode, response),
    );
  }

  /** Gives up an unfinished claim, so the client may retry with the same key. */
  release(tenantId: string, key: string): Promise<void> {
    return this.uow.run(tenantId, (scope) => scope.idempotencyKeys.release(key));
  }
}
