import type { Clock, LicencePort } from '@virtual-care/domain';

const TTL_MS = 10_000;

/**
 * The licence flag changes rarely and is asked on every session creation: keep each answer for ten seconds
 * (per process), so the hot path does not pay a platform-table query each time.
 */
export function cachedLicence(source: LicencePort, clock: Clock): LicencePort {
  const answers = new Map<string, { licensed: boolean; until: number }>();
  return {
    async isVirtualCareLicensed(tenantId) {
      const now = clock.now().getTime();
      const cached = answers.get(tenantId);
      if (cached && cached.until > now) return cached.licensed;
      const licensed = await source.isVirtualCareLicensed(tenantId);
      if (answers.size > 10_000) answers.clear();
      answers.set(tenantId, { licensed, until: now + TTL_MS });
      return licensed;
    },
  };
}
