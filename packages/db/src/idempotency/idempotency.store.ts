import type { PgTenantUnitOfWork } from '../unit-of-work/tenant-unit-of-work';

/** What a request carrying an Idempotency-Key finds when it tries to claim the key. */
export type IdempotencyClaim =
  /** This request holds the key: run the work, then `complete` (or `release` to let a retry run it). */
  | { readonly kind: 'claimed' }
  /** The first request with this key and the same fingerprint finished: replay its reply. */
  | { readonly kind: 'replay'; readonly statusCode: number; readonly response: unknown }
  /** The key was first used with another request. */
  | { readonly kind: 'reused' }
  /** The first request with this key is still running (or gave the key up just now: claim again). */
  | { readonly kind: 'pending' };

/**
 * Idempotency-Keys of a tenant's POSTs, each step its own tenant transaction: the claim commits at once, so a
 * concurrent request with the same key sees it and waits for the reply instead of running the work twice.
 */
export class IdempotencyStore {
  constructor(private readonly uow: PgTenantUnitOfWork) {}

  async claim(tenantId: string, key: string, requestHash: string): Promise<IdempotencyClaim> {
    if (await this.uow.run(tenantId, (scope) => scope.idempotencyKeys.claim(key, requestHash)))
      return { kind: 'claimed' };
    const stored = await this.uow.run(tenantId, (scope) => scope.idempotencyKeys.find(key));
    if (stored && stored.requestHash !== requestHash) return { kind: 'reused' };
    if (stored?.statusCode != null)
      return { kind: 'replay', statusCode: stored.statusCode, response: stored.response };
    return { kind: 'pending' };
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
