import type { UnitOfWork } from '../ports/unit-of-work.port';
import type { SessionListPage } from '../ports/virtual-session-repository.port';
import { pageSize, type GetSessionListQuery } from './get-session-list.use-case';

export interface GetPatientSessionsDeps {
  uow: UnitOfWork;
}

export interface GetPatientSessionsQuery extends Omit<GetSessionListQuery, 'patientId'> {
  /** The signed-in patient's own registry id: only their sessions are read, as the database enforces too. */
  patientId: string;
}

/** A patient's own sessions (their portal, `GET /sessions` as a patient), with the list's filters and pages. */
export async function getPatientSessions(
  deps: GetPatientSessionsDeps,
  query: GetPatientSessionsQuery,
): Promise<SessionListPage> {
  const { tenantId, patientId, limit, ...filters } = query;
  return deps.uow.readForPatient(tenantId, patientId, (scope) =>
    scope.sessions.list({ ...filters, patientId, limit: pageSize(limit) }),
  );
}
