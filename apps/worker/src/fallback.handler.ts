import {
  initiateFallback,
  isDomainError,
  SYSTEM_ACTOR,
  type ErrorCode,
  type InitiateFallbackDeps,
} from '@virtual-care/domain';
import type { Logger } from 'pino';
import { z } from 'zod';

/** The events that open a session's messaging thread without anyone pressing anything (US-008). */
export const FALLBACK_TRIGGERS = {
  /** The grace window expired: the visit goes on in messages. */
  failed: 'virtual_care.session.failed.v1',
  /** A clinician asked while communication-service was down: asked again until it answers. */
  requested: 'virtual_care.session.fallback.requested.v1',
} as const;

const triggerEvent = z.object({
  id: z.string().min(1),
  tenantid: z.uuid(),
  type: z.enum([FALLBACK_TRIGGERS.failed, FALLBACK_TRIGGERS.requested]),
  data: z.object({ sessionId: z.string().min(1), actorId: z.string().min(1).optional() }),
});

export interface FallbackHandlerDeps extends InitiateFallbackDeps {
  log: Logger;
}

/** `linked`: the session has its thread (new, or the one it had); `closed`: nothing to do; `rejected`: unreadable. */
export type FallbackOutcome = 'linked' | 'closed' | 'rejected';

// Answers redelivery cannot change: the session is no longer active or failed, or not there at all.
const NOTHING_TO_DO: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'INVALID_STATUS_TRANSITION',
  'NOT_FOUND',
]);

/**
 * Opens the thread of the session a trigger event names, through the same use case as the clinician's button.
 * Idempotent: the use case returns the session's thread when it has one, so a redelivered or repeated event opens
 * no second thread and raises no second fallback.initiated.v1. Transient failures throw (communication-service
 * down, a concurrent write, the database): the consumer redelivers with a backoff. The worker queues no request of
 * its own: the event it handles is the retry.
 */
export async function handleFallbackTrigger(
  deps: FallbackHandlerDeps,
  raw: unknown,
): Promise<FallbackOutcome> {
  const parsed = triggerEvent.safeParse(raw);
  if (!parsed.success) {
    deps.log.warn(
      { issues: parsed.error.issues.map((i) => i.path.join('.')) },
      'fallback trigger event rejected',
    );
    return 'rejected';
  }
  const { tenantid: tenantId, type, data } = parsed.data;
  const actorId =
    type === FALLBACK_TRIGGERS.requested && data.actorId ? data.actorId : SYSTEM_ACTOR;
  try {
    const { messagingThreadId } = await initiateFallback(deps, {
      tenantId,
      sessionId: data.sessionId,
      actorId,
      queueRetryOnOutage: false,
    });
    deps.log.info(
      { tenantId, sessionId: data.sessionId, messagingThreadId, trigger: type },
      'session continues in its messaging thread',
    );
    return 'linked';
  } catch (error) {
    if (!isDomainError(error) || !NOTHING_TO_DO.has(error.code)) throw error;
    deps.log.info(
      { tenantId, sessionId: data.sessionId, code: error.code, trigger: type },
      'no messaging fallback: the session is closed or gone',
    );
    return 'closed';
  }
}
