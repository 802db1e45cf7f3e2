import type { SessionSnapshot } from '../session/virtual-session.aggregate';
import { assertExpectedVersion, loadSession, saveSession } from './shared/session-store.helper';
import { cancellationAudit } from './shared/cancellation-audit.helper';
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
    return saveSession(scope, aggregate, [
      cancellationAudit(deps, { ...command, sessionId: aggregate.id }),
    ]);
  });
}
