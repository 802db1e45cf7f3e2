import { isDomainError } from '../errors/domain.errors';
import { OPEN_SESSION_STATUSES } from '../machines/virtual-session.machine';
import { NO_SHOW_REASON, SYSTEM_ACTOR } from '../session/virtual-session.aggregate';
import { cancellationAudit } from './shared/cancellation-audit.helper';
import { retryOnConflict } from './shared/conflict-retry.helper';
import { loadSession, loadTenantConfig, saveSession } from './shared/session-store.helper';
import type { CoreDeps } from './shared/use-case-deps.helper';

export type SweepPresenceDeps = CoreDeps;

export interface SweepPresenceCommand {
  tenantId: string;
  /** Silence after which a participant counts as disconnected. */
  heartbeatTimeoutSeconds: number;
  /** Sessions per page while scanning. */
  pageSize?: number;
}

export interface SweepPresenceResult {
  disconnectedParticipantIds: string[];
  failedSessionIds: string[];
  /** Visits whose patient never came within the tenant's grace window: cancelled with reason `no_show`. */
  noShowSessionIds: string[];
}

/**
 * The worker's presence timer for one tenant: silent participants -> disconnected; active sessions whose patient
 * or providers stayed away past graceReconnectSeconds -> failed (session.failed.v1); visits whose patient never
 * came by the scheduled start plus sessionGraceMinutesAfter -> cancelled as no-shows (session.cancelled.v1,
 * reason `no_show`). Each session is its own transaction so one busy session does not hold up the rest.
 */
export async function sweepPresence(
  deps: SweepPresenceDeps,
  command: SweepPresenceCommand,
): Promise<SweepPresenceResult> {
  const result: SweepPresenceResult = {
    disconnectedParticipantIds: [],
    failedSessionIds: [],
    noShowSessionIds: [],
  };
  let cursor: string | null = null;
  do {
    const page = await deps.uow.read(command.tenantId, (scope) =>
      scope.sessions.list({
        status: [...OPEN_SESSION_STATUSES],
        cursor,
        limit: command.pageSize ?? 100,
      }),
    );
    for (const item of page.items) {
      try {
        const outcome = await retryOnConflict(() =>
          deps.uow.run(command.tenantId, async (scope) => {
            const config = await loadTenantConfig(scope, deps.clock.now());
            const aggregate = await loadSession(scope, item.id, deps);
            const swept = aggregate.sweep(
              command.heartbeatTimeoutSeconds,
              config.graceReconnectSeconds,
            );
            const noShow = aggregate.isNoShow(deps.clock.now(), config.sessionGraceMinutesAfter);
            if (noShow) aggregate.markNoShow(SYSTEM_ACTOR, config.sessionGraceMinutesAfter);
            const audit = noShow
              ? [
                  cancellationAudit(deps, {
                    tenantId: command.tenantId,
                    sessionId: aggregate.id,
                    actorId: SYSTEM_ACTOR,
                    reason: NO_SHOW_REASON,
                  }),
                ]
              : [];
            await saveSession(scope, aggregate, audit);
            return { ...swept, noShow };
          }),
        );
        result.disconnectedParticipantIds.push(...outcome.disconnected);
        if (outcome.failed) result.failedSessionIds.push(item.id);
        if (outcome.noShow) result.noShowSessionIds.push(item.id);
      } catch (error) {
        // A session that keeps changing under us is live; the next sweep will see it again.
        if (!isDomainError(error, 'OPTIMISTIC_LOCK_CONFLICT')) throw error;
      }
    }
    cursor = page.nextCursor;
  } while (cursor !== null);
  return result;
}
