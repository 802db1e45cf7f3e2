import { DomainError } from '../../errors/domain.errors';
import type { TenantScope } from '../../ports/unit-of-work.port';

/** A patient of the scope's tenant; another tenant's patient is invisible (RLS) and answers 404 like an unknown id. */
export async function requirePatient(scope: TenantScope, patientId: string): Promise<void> {
  if (!(await scope.patients.findById(patientId)))
    throw new DomainError('NOT_FOUND', 'Patient not found');
}
