import type { DbTenantScope } from '@virtual-care/db';
import {
  captureConsent,
  DomainError,
  type ConsentCaptureMethod,
  type ConsentDecision,
  type ConsentRecord,
  type ConsentType,
} from '@virtual-care/domain';
import type { ApiServices } from '../../composition/services';
import type { ConsentRecordDto, PatientConsentsDto } from './consent.schema';
import { CONSENT_TYPES, requireCurrentText } from './consent-texts.catalog';

/** The edge's scope (patients live in the db package's scope, not the domain's). */
const inTenant = <T>(
  services: ApiServices,
  tenantId: string,
  work: (scope: DbTenantScope) => Promise<T>,
): Promise<T> => services.db.unitOfWork.run(tenantId, work);

/** Consent records belong to the virtual-care module: an unlicensed tenant gets MODULE_NOT_LICENSED, as for sessions. */
export async function requireLicence(services: ApiServices, tenantId: string): Promise<void> {
  if (!(await services.deps.licence.isVirtualCareLicensed(tenantId))) {
    throw new DomainError('MODULE_NOT_LICENSED', 'Virtual care is not licensed for this tenant', {
      hint: 'tenant_licensing_page',
    });
  }
}

/** The patient record behind the signed-in patient's account (404 when none is linked). */
export async function patientIdOfUser(
  services: ApiServices,
  tenantId: string,
  userId: string,
): Promise<string> {
  const patient = await inTenant(services, tenantId, (scope) =>
    scope.patients.findByUserId(userId),
  );
  if (!patient) throw new DomainError('NOT_FOUND', 'No patient record is linked to your account');
  return patient.id;
}

/** A patient of the caller's tenant; another tenant's patient is invisible under RLS and answers 404 like an unknown id. */
async function requirePatient(
  services: ApiServices,
  tenantId: string,
  patientId: string,
): Promise<void> {
  const patient = await inTenant(services, tenantId, (scope) => scope.patients.findById(patientId));
  if (!patient) throw new DomainError('NOT_FOUND', 'Patient not found');
}

export interface ConsentDecisionRequest {
  tenantId: string;
  patientId: string;
  actorId: string;
  type: ConsentType;
  decision: ConsentDecision;
  textVersion: string;
  method: ConsentCaptureMethod;
}

/** Appends one decision against the current text of its type (CaptureConsent use case). */
export async function recordConsentDecision(
  services: ApiServices,
  request: ConsentDecisionRequest,
): Promise<ConsentRecordDto> {
  requireCurrentText(request.type, request.textVersion);
  await requirePatient(services, request.tenantId, request.patientId);
  const record = await captureConsent(services.deps, {
    tenantId: request.tenantId,
    patientId: request.patientId,
    type: request.type,
    decision: request.decision,
    textVersion: request.textVersion,
    capturedBy: request.actorId,
    method: request.method,
  });
  return consentDto(record);
}

/** Where each consent stands now and the full, append-only history. */
export async function patientConsents(
  services: ApiServices,
  tenantId: string,
  patientId: string,
): Promise<PatientConsentsDto> {
  await requirePatient(services, tenantId, patientId);
  const history = await inTenant(services, tenantId, (scope) =>
    scope.consents.listForPatient(patientId),
  );
  const current = CONSENT_TYPES.map((type) => {
    const latest = history.filter((r) => r.type === type).at(-1) ?? null; // oldest first, so the last one wins
    return {
      type,
      granted: latest?.decision === 'granted',
      latest: latest ? consentDto(latest) : null,
    };
  });
  return { patientId, current, history: history.map(consentDto) };
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
