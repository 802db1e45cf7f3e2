import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isDomainError, type TenantScope } from '@virtual-care/domain';
import { startAccessPolicyStandIn, type AccessPolicyStandIn } from '@virtual-care/stand-ins';
import {
  accessPolicyConsentCheck,
  localConsentCheck,
} from '../../src/adapters/consent-check.adapter';

let policy: AccessPolicyStandIn;
beforeAll(async () => {
  policy = await startAccessPolicyStandIn();
});
afterAll(async () => {
  await policy.stop();
});
beforeEach(() => {
  policy.setDown(false);
  policy.setDelay(0);
});

describe('access-policy consent check (US-005, US-006)', () => {
  const check = () => accessPolicyConsentCheck({ baseUrl: policy.url });

  it('granted -> true', async () => {
    policy.grant('tnt_a', 'pat_granted', 'telehealth');
    expect(
      await check().hasConsent({ tenantId: 'tnt_a', patientId: 'pat_granted', type: 'telehealth' }),
    ).toBe(true);
  });

  it('no record -> false; consent of another type or tenant does not count', async () => {
    policy.grant('tnt_a', 'pat_tele_only', 'telehealth');
    expect(
      await check().hasConsent({ tenantId: 'tnt_a', patientId: 'pat_none', type: 'telehealth' }),
    ).toBe(false);
    expect(
      await check().hasConsent({
        tenantId: 'tnt_a',
        patientId: 'pat_tele_only',
        type: 'recording',
      }),
    ).toBe(false);
    expect(
      await check().hasConsent({
        tenantId: 'tnt_b',
        patientId: 'pat_tele_only',
        type: 'telehealth',
      }),
    ).toBe(false);
  });

  it('revoked -> false', async () => {
    policy.grant('tnt_a', 'pat_revoked', 'telehealth');
    policy.revoke('tnt_a', 'pat_revoked', 'telehealth');
    expect(
      await check().hasConsent({ tenantId: 'tnt_a', patientId: 'pat_revoked', type: 'telehealth' }),
    ).toBe(false);
  });

  it('service down (503) -> CONSENT_SERVICE_UNAVAILABLE (fail closed)', async () => {
    policy.grant('tnt_a', 'pat_granted', 'telehealth');
    policy.setDown(true);
    const error = await check()
      .hasConsent({ tenantId: 'tnt_a', patientId: 'pat_granted', type: 'telehealth' })
      .catch((e: unknown) => e);
    expect(isDomainError(error, 'CONSENT_SERVICE_UNAVAILABLE')).toBe(true);
  });

  it('timeout or nothing listening -> CONSENT_SERVICE_UNAVAILABLE', async () => {
    policy.setDelay(1000);
    const slow = await accessPolicyConsentCheck({ baseUrl: policy.url, timeoutMs: 100 })
      .hasConsent({ tenantId: 'tnt_a', patientId: 'p', type: 'telehealth' })
      .catch((e: unknown) => e);
    expect(isDomainError(slow, 'CONSENT_SERVICE_UNAVAILABLE')).toBe(true);
    const gone = await accessPolicyConsentCheck({ baseUrl: 'http://127.0.0.1:1' })
      .hasConsent({ tenantId: 'tnt_a', patientId: 'p', type: 'telehealth' })
      .catch((e: unknown) => e);
    expect(isDomainError(gone, 'CONSENT_SERVICE_UNAVAILABLE')).toBe(true);
  });

  it('a 200 without a boolean "granted" is not consent', async () => {
    const odd = accessPolicyConsentCheck({
      baseUrl: 'http://x',
      fetch: async () => new Response(JSON.stringify({ granted: 'yes' }), { status: 200 }),
    });
    const error = await odd
      .hasConsent({ tenantId: 't', patientId: 'p', type: 'telehealth' })
      .catch((e: unknown) => e);
    expect(isDomainError(error, 'CONSENT_SERVICE_UNAVAILABLE')).toBe(true);
  });
});

describe("local consent check (the product's own records)", () => {
  const records = new Map<string, 'granted' | 'revoked'>([
    ['t|granted|telehealth', 'granted'],
    ['t|revoked|telehealth', 'revoked'],
  ]);
  // A unit of work whose scope answers `consents.latest` from the map (or fails like a lost database).
  const unitOfWork = (latest: (tenantId: string, patientId: string, type: string) => unknown) => {
    const unit = <T>(tenantId: string, work: (scope: TenantScope) => Promise<T>) =>
      work({
        tenantId,
        consents: {
          latest: async (patientId: string, type: string) => latest(tenantId, patientId, type),
        },
      } as unknown as TenantScope);
    return { run: unit, read: unit };
  };
  const local = localConsentCheck(
    unitOfWork((tenantId, patientId, type) => {
      const decision = records.get(`${tenantId}|${patientId}|${type}`);
      return decision ? { decision } : null;
    }),
  );

  it('granted / none / revoked', async () => {
    expect(
      await local.hasConsent({ tenantId: 't', patientId: 'granted', type: 'telehealth' }),
    ).toBe(true);
    expect(await local.hasConsent({ tenantId: 't', patientId: 'nobody', type: 'telehealth' })).toBe(
      false,
    );
    expect(
      await local.hasConsent({ tenantId: 't', patientId: 'revoked', type: 'telehealth' }),
    ).toBe(false);
    expect(await local.hasConsent({ tenantId: 't', patientId: 'granted', type: 'recording' })).toBe(
      false,
    );
  });

  it('a failing read -> CONSENT_SERVICE_UNAVAILABLE', async () => {
    const broken = localConsentCheck(
      unitOfWork(() => {
        throw new Error('db down');
      }),
    );
    const query = { tenantId: 't', patientId: 'p', type: 'telehealth' } as const;
    const error = await broken.hasConsent(query).catch((e: unknown) => e);
    expect(isDomainError(error, 'CONSENT_SERVICE_UNAVAILABLE')).toBe(true);
    const scope = {
      tenantId: 't',
      consents: { latest: () => Promise.reject(new Error('db down')) },
    };
    const within = await broken.hasConsentWithin!(scope as unknown as TenantScope, query).catch(
      (e: unknown) => e,
    );
    expect(isDomainError(within, 'CONSENT_SERVICE_UNAVAILABLE')).toBe(true);
  });
});
