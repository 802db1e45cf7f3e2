import { DomainError } from '../errors/domain.errors';
import type { MessagingThreadPort } from '../ports/messaging-thread.port';
import type { SessionSnapshot } from '../session/virtual-session.aggregate';
import { loadSession, saveSession } from './shared/session-store.helper';
import type { CoreDeps } from './shared/use-case-deps.helper';

export interface InitiateFallbackDeps extends CoreDeps {
  messaging: MessagingThreadPort;
}

export interface InitiateFallbackCommand {
  tenantId: string;
  sessionId: string;
  actorId: string;
}

/** Async messaging fallback for an active or failed session; repeating it returns the same thread. */
export async function initiateFallback(
  deps: InitiateFallbackDeps,
  command: InitiateFallbackCommand,
): Promise<{ messagingThreadId: string; snapshot: SessionSnapshot }> {
  const current = await deps.uow.read(command.tenantId, async (scope) => {
    const aggregate = await loadSession(scope, command.sessionId, deps);
    aggregate.assertCanFallback();
    return aggregate.snapshot();
  });
  const existing = current.session.messagingThreadId;
  if (existing !== null) return { messagingThreadId: existing, snapshot: current };
  let threadId: string;
  try {
    threadId = await deps.messaging.openThread({
      tenantId: command.tenantId,
      sessionId: command.sessionId,
      participantUserIds: current.participants
        .filter((p) => p.status !== 'removed')
        .map((p) => p.userId),
    });
  } catch {
    throw new DomainError(
      'COMMUNICATION_SERVICE_UNAVAILABLE',
      'The messaging service is unavailable',
    );
  }
  return deps.uow.run(command.tenantId, async (scope) => {
    const aggregate = await loadSession(scope, command.sessionId, deps);
    aggregate.initiateFallback(threadId, command.actorId);
    const snapshot = await saveSession(scope, aggregate);
    // A concurrent request may have linked its thread first; the stored one wins.
    return { messagingThreadId: snapshot.session.messagingThreadId ?? threadId, snapshot };
  });
}
