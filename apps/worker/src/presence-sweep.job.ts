import { sweepPresence, type Clock, type IdGenerator } from '@virtual-care/domain';
import type { PgTenantUnitOfWork, WorkerScanStore } from '@virtual-care/db';
import type { Logger } from 'pino';
import type { WorkerMetrics } from './metrics';

export interface PresenceSweepDeps {
  scans: Pick<WorkerScanStore, 'tenantsWithLiveSessions'>;
  uow: PgTenantUnitOfWork;
  clock: Clock;
  ids: IdGenerator;
  log: Logger;
  metrics?: WorkerMetrics;
}

/**
 * One pass of the grace-reconnect timer. Nothing is remembered between passes: silence is measured from
 * the participants' lastSeenAt and the grace windows from the database too, so a worker restart (or another
 * worker taking over) applies exactly the same rule. Session failures emit session.failed.v1, no-shows
 * session.cancelled.v1 (reason `no_show`), through the outbox in the sweep's transaction.
 */
export async function runPresenceSweepPass(
  deps: PresenceSweepDeps,
  heartbeatTimeoutSeconds: number,
): Promise<{ disconnected: number; failed: string[]; noShows: string[] }> {
  const tenants = await deps.scans.tenantsWithLiveSessions();
  let disconnected = 0;
  const failed: string[] = [];
  const noShows: string[] = [];
  for (const tenantId of tenants) {
    const outcome = await sweepPresence(deps, { tenantId, heartbeatTimeoutSeconds });
    disconnected += outcome.disconnectedParticipantIds.length;
    failed.push(...outcome.failedSessionIds);
    noShows.push(...outcome.noShowSessionIds);
    if (outcome.failedSessionIds.length > 0) {
      deps.log.info(
        { tenantId, sessionIds: outcome.failedSessionIds },
        'sessions failed after the grace window',
      );
    }
    if (outcome.noShowSessionIds.length > 0) {
      deps.log.info(
        { tenantId, sessionIds: outcome.noShowSessionIds },
        'no-shows: the patient never came within the grace window',
      );
    }
  }
  deps.metrics?.presenceDisconnected.inc(disconnected);
  deps.metrics?.sessionsFailed.inc(failed.length);
  deps.metrics?.noShows.inc(noShows.length);
  return { disconnected, failed, noShows };
}
