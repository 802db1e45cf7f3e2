import { DomainError } from '../errors/domain.errors';
import type { ConsentRecord, ConsentType } from '../records/consent.record';
import { currentConsents, type CurrentConsent } from '../values/consent.value';
import { requirePatient } from './shared/patient.helper';
import type { CoreDeps } from './shared/use-case-deps.helper';

export type GetPatientConsentsDeps = Pick<CoreDeps, 'uow'>;

export interface PatientConsents {
  patientId: string;
  current: CurrentConsent[];
  /** Every decision, oldest first (append-only). */
  history: ConsentRecord[];
}

/** Where each consent of `types` stands for a patient of the tenant, and the full history. */
export async function getPatientConsents(
  deps: GetPatientConsentsDeps,
  query: { tenantId: string; patientId: string; types: readonly ConsentType[] },
): Promise<PatientConsents> {
  const history = await deps.uow.read(query.tenantId, async (scope) => {
    await requirePatient(scope, query.patientId);
    return scope.consents.listForPatient(query.patientId);
  });
  return {
    patientId: query.patientId,
    current: currentConsents(history, query.types),
    history,
  };
}

/** The patient record behind a signed-in patient's account (404 when none is linked). */
export async function patientOfUser(
  deps: GetPatientConsentsDeps,
  query: { tenantId: string; userId: string },
): Promise<string> {
  const patient = await deps.uow.read(query.tenantId, (scope) =>
    scope.patients.findByUserId(query.userId),
  );
  if (!patient) throw new DomainError('NOT_FOUND', 'No patient record is linked to your account');
  return patient.id;
}
