import type { Clock, LicencePort } from '@virtual-care/domain';
import { ExpiringCache } from './expiring-cache';

const TTL_MS = 10_000;

/**
 * The licence flag changes rarely and is asked on every session creation: keep each answer for ten seconds
 * (per process), so the hot path does not pay a platform-table query each time.
 */
export function cachedLicence(source: LicencePort, clock: Clock): LicencePort {
  const answers = new ExpiringCache<string, boolean>(10_000);
  return {
    isVirtualCareLicensed: (tenantId) =>
      answers.remember(tenantId, clock.now().getTime(), TTL_MS, () =>
        source.isVirtualCareLicensed(tenantId),
      ),
  };
}
