import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/** What one counted request gets: go on (null), or the milliseconds until the key may try again. */
export type Verdict = number | null;

interface Credit {
  /** Points this process holds for the key in the shared window ... */
  left: number;
  /** ... until the shared window ends (epoch ms); then they are worth nothing. */
  until: number;
  /** The shared count was over the limit: refuse without asking the store until `until`. */
  blocked: boolean;
}

/** A lease is at most this share of a limit, so a few instances holding leases strand little of it ... */
const LEASES_PER_LIMIT = 20;
/** ... and at most this many points, so even a huge limit is reconciled with the store every so often. */
const MAX_LEASE = 100;
/** Past this many keys, expired ones are dropped before a new lease is recorded. */
const SWEEP_ABOVE = 10_000;

/**
 * A counter shared by every instance (a rate-limiter-flexible store limiter), consumed in leases: a process takes
 * `lease` points of a key's window from the store in one round trip and spends them in memory, one per request,
 * until they run out or the window ends. Every point spent was counted in the store first, so the instances
 * together never let more than the limit through in a window; what a lease costs is that points an instance holds
 * unspent are lost to the others until the window ends (at most lease - 1 per instance and key). A refused key is
 * remembered until its window ends, so a burst over the limit does not reach the store either.
 */
export class LeasedCounter {
  readonly lease: number;
  private readonly credits = new Map<string, Credit>();
  private readonly refills = new Map<string, Promise<Credit>>();

  constructor(
    private readonly shared: RateLimiterAbstract,
    options: { lease?: number; now?: () => number } = {},
  ) {
    this.lease =
      options.lease ??
      Math.min(MAX_LEASE, Math.max(1, Math.floor(shared.points / LEASES_PER_LIMIT)));
    this.now = options.now ?? Date.now;
  }

  private readonly now: () => number;

  /** Counts one request of `key`. */
  async take(key: string): Promise<Verdict> {
    for (;;) {
      const credit = this.credits.get(key);
      const now = this.now();
      if (credit && credit.until > now) {
        if (credit.left > 0) {
          credit.left -= 1;
          return null;
        }
        if (credit.blocked) return credit.until - now;
      }
      // Requests of one key that find no credit wait for a single lease instead of each taking one.
      let refill = this.refills.get(key);
      if (!refill) {
        refill = this.refill(key).finally(() => this.refills.delete(key));
        this.refills.set(key, refill);
      }
      await refill;
    }
  }

  private async refill(key: string): Promise<Credit> {
    const now = this.now();
    let credit: Credit;
    try {
      const granted = await this.shared.consume(key, this.lease);
      credit = { left: this.lease, until: now + Math.max(granted.msBeforeNext, 1), blocked: false };
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      // The store counted the whole lease; what was left before it may still be spent.
      const left = Math.min(
        this.lease,
        this.shared.points - (rejection.consumedPoints - this.lease),
      );
      const until = now + Math.max(rejection.msBeforeNext, 1);
      credit = left > 0 ? { left, until, blocked: false } : { left: 0, until, blocked: true };
    }
    if (this.credits.size > SWEEP_ABOVE) this.sweep(now);
    this.credits.set(key, credit);
    return credit;
  }

  private sweep(now: number): void {
    for (const [key, credit] of this.credits) if (credit.until <= now) this.credits.delete(key);
  }
}
