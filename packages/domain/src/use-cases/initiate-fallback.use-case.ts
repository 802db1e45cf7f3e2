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
  /**
   * When communication-service is down, queue `session.fallback.requested.v1` for the worker to retry (default).
   * false for the worker's own retry: the event it handles is already the queued request.
   */
  queueRetryOnOutage?: boolean;
}

/**
 * Async messaging fallback for an active or failed session; repeating it returns the same thread. When
 * communication-service is down it answers COMMUNICATION_SERVICE_UNAVAILABLE with the session unchanged, having
 * queued the request so the thread still opens once the service is back.
 */
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
    const linked = command.queueRetryOnOutage === false ? null : await queueRetry(deps, command);
    if (linked) return linked;
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

/** Queues the retry in its own transaction; returns the session's thread instead if one was linked meanwhile. */
async function queueRetry(
  deps: InitiateFallbackDeps,
  command: InitiateFallbackCommand,
): Promise<{ messagingThreadId: string; snapshot: SessionSnapshot } | null> {
  return deps.uow.run(command.tenantId, async (scope) => {
    const aggregate = await loadSession(scope, command.sessionId, deps);
    aggregate.requestFallback(command.actorId);
    const snapshot = await saveSession(scope, aggregate);
    const linked = snapshot.session.messagingThreadId;
    return linked === null ? null : { messagingThreadId: linked, snapshot };
  });
}
