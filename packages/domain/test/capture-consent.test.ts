import { describe, expect, it } from 'vitest';
import { captureConsent } from '../src/use-cases/capture-consent.use-case';
import { getPatientConsents, patientOfUser } from '../src/use-cases/get-patient-consents.use-case';
import { isConsentOnFile } from '../src/values/consent.value';
import { harness, PATIENT, PATIENT_USER, TENANT } from './fakes/harness';

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

describe('getPatientConsents / patientOfUser', () => {
  it("answers each type's standing (the latest decision wins) and the whole history", async () => {
    const h = harness();
    const base = {
      tenantId: TENANT,
      patientId: PATIENT,
      textVersion: 'v1',
      capturedBy: 'clinician-1',
      method: 'portal' as const,
    };
    await captureConsent(h, { ...base, type: 'telehealth', decision: 'granted' });
    await captureConsent(h, { ...base, type: 'recording', decision: 'granted' });
    await captureConsent(h, { ...base, type: 'recording', decision: 'revoked' });
    const consents = await getPatientConsents(h, {
      tenantId: TENANT,
      patientId: await patientOfUser(h, { tenantId: TENANT, userId: PATIENT_USER }),
      types: ['telehealth', 'recording', 'ai_processing'],
    });
    expect(consents.current.map((c) => [c.type, c.granted])).toEqual([
      ['telehealth', true],
      ['recording', false],
      ['ai_processing', false],
    ]);
    expect(consents.history).toHaveLength(3);
  });

  it("another tenant's patient, or an unknown one, is NOT_FOUND and nothing is written", async () => {
    const h = harness();
    const capture = captureConsent(h, {
      tenantId: 'tenant-b',
      patientId: PATIENT,
      type: 'telehealth',
      decision: 'granted',
      textVersion: 'v1',
      capturedBy: 'x',
      method: 'portal',
    });
    await expect(capture).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      getPatientConsents(h, { tenantId: TENANT, patientId: 'nobody', types: ['telehealth'] }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(patientOfUser(h, { tenantId: TENANT, userId: 'stranger' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(h.uow.tables.consents).toHaveLength(0);
  });
});
