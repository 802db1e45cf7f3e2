import type { AsyncVisitListPage } from '../ports/async-visit-repository.port';
import type { TenantScope, UnitOfWork } from '../ports/unit-of-work.port';
import type { AsyncVisitRecord, AsyncVisitStatus } from '../records/async-visit.record';
import { loadAsyncVisit } from './shared/async-visit-store.helper';
import { pageSize } from './get-session-list.use-case';
import { DomainError } from '../errors/domain.errors';

export interface GetAsyncVisitsDeps {
  uow: UnitOfWork;
}

/** Who reads: staff see the tenant's visits; a patient (their registry id) only their own. */
export interface AsyncVisitReader {
  tenantId: string;
  patientId?: string;
}

export interface ListAsyncVisitsQuery extends AsyncVisitReader {
  status?: AsyncVisitStatus[];
  cursor?: string | null;
  limit?: number;
}

/** The review queue (oldest first, status filter, cursor pages), or a patient's own visits. */
export function listAsyncVisits(
  deps: GetAsyncVisitsDeps,
  query: ListAsyncVisitsQuery,
): Promise<AsyncVisitListPage> {
  const { patientId, limit, status, cursor } = query;
  return readAs(deps, query, (scope) =>
    scope.asyncVisits.list({
      ...(status ? { status } : {}),
      ...(cursor !== undefined ? { cursor } : {}),
      ...(patientId ? { patientId } : {}),
      limit: pageSize(limit),
    }),
  );
}

/** One visit; another patient's answers NOT_FOUND, exactly as another tenant's does. */
export function getAsyncVisit(
  deps: GetAsyncVisitsDeps,
  query: AsyncVisitReader & { asyncVisitId: string },
): Promise<AsyncVisitRecord> {
  return readAs(deps, query, async (scope) => {
    const visit = await loadAsyncVisit(scope, query.asyncVisitId);
    if (query.patientId && visit.patientId !== query.patientId) {
      throw new DomainError('NOT_FOUND', 'Async visit not found', {
        asyncVisitId: query.asyncVisitId,
      });
    }
    return visit;
  });
}

function readAs<T>(
  deps: GetAsyncVisitsDeps,
  reader: AsyncVisitReader,
  work: (scope: TenantScope) => Promise<T>,
): Promise<T> {
  return reader.patientId
    ? deps.uow.readForPatient(reader.tenantId, reader.patientId, work)
    : deps.uow.read(reader.tenantId, work);
}
