import { describe, expect, it } from 'vitest';
import { captureConsent } from '../src/use-cases/capture-consent.use-case';
import { isConsentOnFile } from '../src/values/consent.value';
import { harness, PATIENT, TENANT } from './fakes/harness';

describe('captureConsent', () => {
  it('appends grant then revocation; the latest decides and each capture is audited', async () => {
    const h = harness();
    const base = {
      tenantId: TENANT,
      patientId: PATIENT,
      type: 'recording' as const,
      textVersion: 'v2',
      capturedBy: 'clinician-1',
      method: 'verbal_attested' as const,
    };
    const granted = await captureConsent(h, { ...base, decision: 'granted' });
    expect(granted.id).toMatch(/^cns_/);
    await captureConsent(h, { ...base, decision: 'revoked' });
    const latest = await h.uow.run(TENANT, (scope) => scope.consents.latest(PATIENT, 'recording'));
    expect(isConsentOnFile(latest)).toBe(false);
    expect(h.uow.eventTypes()).toEqual(['CONSENT_CAPTURED', 'CONSENT_CAPTURED']);
  });
});
