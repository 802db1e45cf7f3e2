import { isDomainError } from '../../errors/domain.errors';

/** Re-runs low-stakes writes (heartbeats, sweeps) that lost an optimistic-lock race; anything else propagates. */
export async function retryOnConflict<T>(work: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !isDomainError(error, 'OPTIMISTIC_LOCK_CONFLICT')) throw error;
    }
  }
}
