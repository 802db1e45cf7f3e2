import {
  captureConsent,
  getPatientConsents,
  patientOfUser,
  type CaptureConsentCommand,
  type ConsentRecord,
} from '@virtual-care/domain';
import type { ApiServices } from '../../composition/services';
import type { ConsentRecordDto, PatientConsentsDto } from './consent.schema';
import { CONSENT_TYPES, requireCurrentText } from './consent-texts.catalog';

/** The signed-in patient's own record (404 when no patient record is linked to the account). */
export function patientIdOfUser(
  services: ApiServices,
  tenantId: string,
  userId: string,
): Promise<string> {
  return patientOfUser(services.deps, { tenantId, userId });
}

/** Appends one decision against the current text of its type (CaptureConsent use case). */
export async function recordConsentDecision(
  services: ApiServices,
  command: CaptureConsentCommand,
): Promise<ConsentRecordDto> {
  requireCurrentText(command.type, command.textVersion);
  return consentDto(await captureConsent(services.deps, command));
}

/** Where each consent stands now and the full, append-only history. */
export async function patientConsents(
  services: ApiServices,
  tenantId: string,
  patientId: string,
): Promise<PatientConsentsDto> {
  const consents = await getPatientConsents(services.deps, {
    tenantId,
    patientId,
    types: CONSENT_TYPES,
  });
  return {
    patientId,
    current: consents.current.map((c) => ({
      type: c.type,
      granted: c.granted,
      latest: c.latest ? consentDto(c.latest) : null,
    })),
    history: consents.history.map(consentDto),
  };
}

export function consentDto(record: ConsentRecord): ConsentRecordDto {
  return {
    id: record.id,
    patientId: record.patientId,
    type: record.type,
    decision: record.decision,
    textVersion: record.textVersion,
    capturedAt: record.capturedAt.toISOString(),
    capturedBy: record.capturedBy,
    method: record.method,
  };
}
