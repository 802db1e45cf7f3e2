import { DomainError } from '../errors/domain.errors';
import type { JoinToken } from '../values/join-token.value';
import { joinClaimsWithin, signJoinToken, type GetJoinTokenDeps } from './get-join-token.use-case';
import { loadSession } from './shared/session-store.helper';

export type GetPatientJoinTokenDeps = GetJoinTokenDeps;

export interface GetPatientJoinTokenQuery {
  tenantId: string;
  /** The signed-in patient's registry id. */
  patientId: string;
  sessionId: string;
}

/**
 * A signed-in patient's own join token for one of their sessions (the portal's "Join" button): the session is read
 * in the patient's scope, so another patient's answers NOT_FOUND, as another tenant's does.
 */
export async function getPatientJoinToken(
  deps: GetPatientJoinTokenDeps,
  query: GetPatientJoinTokenQuery,
): Promise<JoinToken & { notBefore: Date }> {
  const claimed = await deps.uow.readForPatient(query.tenantId, query.patientId, async (scope) => {
    const aggregate = await loadSession(scope, query.sessionId, deps);
    const { session, participants } = aggregate.snapshot();
    const mine = participants.find(
      (p) => p.role === 'patient' && p.userId === query.patientId && p.status !== 'removed',
    );
    if (session.patientId !== query.patientId || !mine) {
      throw new DomainError('NOT_FOUND', 'Session not found', { sessionId: query.sessionId });
    }
    return joinClaimsWithin(scope, deps, aggregate, mine.id);
  });
  return signJoinToken(deps, claimed);
}
