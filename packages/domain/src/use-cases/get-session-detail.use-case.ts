import type { SessionSnapshot } from '../session/virtual-session.aggregate';
import { loadSession } from './shared/session-store.helper';
import type { CoreDeps } from './shared/use-case-deps.helper';

export type GetSessionDetailDeps = CoreDeps;

/** Full session with its participants; another tenant's session is NOT_FOUND. */
export async function getSessionDetail(
  deps: GetSessionDetailDeps,
  query: { tenantId: string; sessionId: string },
): Promise<SessionSnapshot> {
  return deps.uow.read(query.tenantId, async (scope) =>
    (await loadSession(scope, query.sessionId, deps)).snapshot(),
  );
}
