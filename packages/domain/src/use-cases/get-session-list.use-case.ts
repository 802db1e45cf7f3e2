import type { UnitOfWork } from '../ports/unit-of-work.port';
import type { SessionListPage, SessionListQuery } from '../ports/virtual-session-repository.port';

export interface GetSessionListDeps {
  uow: UnitOfWork;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface GetSessionListQuery extends Omit<SessionListQuery, 'limit'> {
  tenantId: string;
  limit?: number;
}

/** Paginated list with status/patient/date filters; the page size is clamped to 1..100. */
export async function getSessionList(
  deps: GetSessionListDeps,
  query: GetSessionListQuery,
): Promise<SessionListPage> {
  const { tenantId, limit, ...filters } = query;
  return deps.uow.read(tenantId, (scope) =>
    scope.sessions.list({ ...filters, limit: pageSize(limit) }),
  );
}

/** The page size asked for, clamped to 1..MAX_PAGE_SIZE (DEFAULT_PAGE_SIZE when none). */
export function pageSize(limit: number | undefined): number {
  return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(limit ?? DEFAULT_PAGE_SIZE)));
}
