import { DomainError } from '../../errors/domain.errors';
import type { TenantScope } from '../../ports/unit-of-work.port';
import type { AsyncVisitRecord } from '../../records/async-visit.record';

/** Another tenant's visit answers NOT_FOUND. */
export async function loadAsyncVisit(scope: TenantScope, id: string): Promise<AsyncVisitRecord> {
  const visit = await scope.asyncVisits.findById(id);
  if (!visit || visit.tenantId !== scope.tenantId)
    throw new DomainError('NOT_FOUND', 'Async visit not found', { asyncVisitId: id });
  return visit;
}
