import type { UnitOfWork } from '../ports/unit-of-work.port';
import type { SessionListPage } from '../ports/virtual-session-repository.port';
import {
  MAX_PAGE_SIZE,
  DEFAULT_PAGE_SIZE,
  type GetSessionListQuery,
} from './get-session-list.use-case';

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
  const size = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(limit ?? DEFAULT_PAGE_SIZE)));
  return deps.uow.readForPatient(tenantId, patientId, (scope) =>
    scope.sessions.list({ ...filters, patientId, limit: size }),
  );
}
