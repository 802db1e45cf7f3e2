import { createAuditEvent } from '../events/audit.events';
import type { SessionSnapshot } from '../session/virtual-session.aggregate';
import { assertExpectedVersion, loadSession, saveSession } from './shared/session-store.helper';
import type { CoreDeps } from './shared/use-case-deps.helper';

export type CancelSessionDeps = CoreDeps;

export interface CancelSessionCommand {
  tenantId: string;
  sessionId: string;
  actorId: string;
  reason: string;
  expectedVersion?: number;
}

/** Cancel before active; participants learn of it through session.cancelled.v1. */
export async function cancelSession(
  deps: CancelSessionDeps,
  command: CancelSessionCommand,
): Promise<SessionSnapshot> {
  return deps.uow.run(command.tenantId, async (scope) => {
    const aggregate = await loadSession(scope, command.sessionId, deps);
    assertExpectedVersion(aggregate, command.expectedVersion);
    aggregate.cancel(command.actorId, command.reason);
    const audit = createAuditEvent(deps, {
      type: 'SESSION_CANCELLED',
      tenantId: command.tenantId,
      actorId: command.actorId,
      subjectId: aggregate.id,
      details: {},
    });
    return saveSession(scope, aggregate, [audit]);
  });
}
