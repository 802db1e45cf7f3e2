import { createAuditEvent, type AuditEvent } from '../../events/audit.events';
import type { Clock } from '../../ports/clock.port';
import type { IdGenerator } from '../../ports/id-generator.port';
import { NO_SHOW_REASON } from '../../session/virtual-session.aggregate';

/**
 * The audit event of a cancellation, whoever cancels (the clinician, the clinician recording a no-show, the
 * worker's sweep). Its details name the reason only when it is the no-show code: a clinician's own words may
 * hold PHI.
 */
export function cancellationAudit(
  ctx: { clock: Clock; ids: IdGenerator },
  cancelled: { tenantId: string; sessionId: string; actorId: string; reason: string },
): AuditEvent {
  return createAuditEvent(ctx, {
    type: 'SESSION_CANCELLED',
    tenantId: cancelled.tenantId,
    actorId: cancelled.actorId,
    subjectId: cancelled.sessionId,
    details: cancelled.reason === NO_SHOW_REASON ? { reason: NO_SHOW_REASON } : {},
  });
}
