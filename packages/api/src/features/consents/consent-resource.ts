import type { Consent } from '@medplum/fhirtypes';
import type { ConsentRecord, ConsentType } from '@virtual-care/domain';

export const CONSENT_TYPE_SYSTEM = 'https://virtual-care.example.org/fhir/CodeSystem/consent-type';
export const CONSENT_RECORD_SYSTEM =
  'https://virtual-care.example.org/fhir/NamingSystem/consent-record-id';
export const CONSENT_TEXT_SYSTEM = 'https://virtual-care.example.org/fhir/consent-text';

// R4 consentscope: telehealth is consent to treatment; recording and AI processing govern what happens to the patient's data.
const SCOPE: Record<ConsentType, 'treatment' | 'patient-privacy'> = {
  telehealth: 'treatment',
  recording: 'patient-privacy',
  ai_processing: 'patient-privacy',
};

const DISPLAY: Record<ConsentType, string> = {
  telehealth: 'Telehealth consent',
  recording: 'Recording consent',
  ai_processing: 'AI processing consent',
};

const DATA_ENTRY = {
  coding: [
    {
      system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
      code: 'ENT',
      display: 'data entry person',
    },
  ],
};

/**
 * A captured consent as a FHIR R4 Consent. A grant is `provision.type = permit`; a revocation (a newer record, never an
 * edit) is its own active Consent with `provision.type = deny`, so the history maps one record to one resource. The
 * consent text version is the policy; a verbal consent carries `verification` (attested by the recording clinician).
 */
export function toFhirConsent(record: ConsentRecord): Consent {
  const patient = { reference: `Patient/${record.patientId}` };
  const capturedAt = record.capturedAt.toISOString();
  return {
    resourceType: 'Consent',
    id: record.id.replace(/_/g, '-'), // FHIR ids allow [A-Za-z0-9-.] only
    identifier: [{ system: CONSENT_RECORD_SYSTEM, value: record.id }],
    status: 'active',
    scope: {
      coding: [
        { system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: SCOPE[record.type] },
      ],
    },
    category: [
      { coding: [{ system: 'http://loinc.org', code: '59284-0', display: 'Patient Consent' }] },
      {
        coding: [{ system: CONSENT_TYPE_SYSTEM, code: record.type, display: DISPLAY[record.type] }],
      },
    ],
    patient,
    dateTime: capturedAt,
    performer: [patient],
    organization: [{ reference: `Organization/${record.tenantId}` }],
    policy: [{ uri: `${CONSENT_TEXT_SYSTEM}/${record.textVersion}` }],
    ...(record.method === 'verbal_attested'
      ? { verification: [{ verified: true, verifiedWith: patient, verificationDate: capturedAt }] }
      : {}),
    provision: {
      type: record.decision === 'granted' ? 'permit' : 'deny',
      period: { start: capturedAt },
      // Staff who captured it on the patient's behalf; in the portal the patient entered it themselves.
      ...(record.method === 'portal'
        ? {}
        : {
            actor: [
              { role: DATA_ENTRY, reference: { reference: `Practitioner/${record.capturedBy}` } },
            ],
          }),
    },
  };
}
