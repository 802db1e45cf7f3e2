import { NO_SHOW_REASON, type SessionSnapshot } from '../session/virtual-session.aggregate';
import { cancellationAudit } from './shared/cancellation-audit.helper';
import { assertExpectedVersion, loadSession, saveSession } from './shared/session-store.helper';
import type { CoreDeps } from './shared/use-case-deps.helper';

export type MarkNoShowDeps = CoreDeps;

export interface MarkNoShowCommand {
  tenantId: string;
  sessionId: string;
  actorId: string;
  expectedVersion?: number;
}

/**
 * The clinician records that the patient never came, once the visit's start has passed (the worker does the same
 * by itself after the tenant's grace window): the session is cancelled with reason `no_show`.
 */
export async function markNoShow(
  deps: MarkNoShowDeps,
  command: MarkNoShowCommand,
): Promise<SessionSnapshot> {
  return deps.uow.run(command.tenantId, async (scope) => {
    const aggregate = await loadSession(scope, command.sessionId, deps);
    assertExpectedVersion(aggregate, command.expectedVersion);
    aggregate.markNoShow(command.actorId, 0);
    return saveSession(scope, aggregate, [
      cancellationAudit(deps, { ...command, sessionId: aggregate.id, reason: NO_SHOW_REASON }),
    ]);
  });
}
