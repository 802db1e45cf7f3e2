import {
  isDomainError,
  retryEncounter,
  type Clock,
  type FhirGatewayPort,
  type IdGenerator,
} from '@virtual-care/domain';
import type { PgTenantUnitOfWork, WorkerScanStore } from '@virtual-care/db';
import type { Logger } from 'pino';
import type { WorkerMetrics } from './metrics';

export interface EncounterRetryDeps {
  scans: Pick<WorkerScanStore, 'tenantsWithPendingEncounters'>;
  uow: PgTenantUnitOfWork;
  fhir: FhirGatewayPort;
  clock: Clock;
  ids: IdGenerator;
  log: Logger;
  metrics?: WorkerMetrics;
}

export interface EncounterRetryPassResult {
  created: number;
  /** Refused for good by the FHIR server in this pass: recorded on their sessions, not retried again. */
  rejected: number;
  pending: number;
  /** The FHIR server failed during this pass; the caller backs off. */
  fhirDown: boolean;
  /** Why, when it did (no PHI). */
  outageReason: string | null;
}

/**
 * One pass of the FHIR Encounter saga's reconciliation: every ended session still awaiting its Encounter,
 * across tenants (worker role), gets a conditional create. Storing the id raises billing.session_chargeable.v1
 * in the same transaction, with the session's version check, so a session is billed once even when two
 * workers race. An Encounter the server refuses for good (4xx other than 408/429) is recorded on its session,
 * counted and logged, and the pass goes on: one bad Encounter never holds back the sessions (and billing)
 * behind it. An outage ends the pass: the server is down, hammering it helps nobody.
 */
export async function runEncounterRetryPass(
  deps: EncounterRetryDeps,
): Promise<EncounterRetryPassResult> {
  const tenants = await deps.scans.tenantsWithPendingEncounters();
  const result: EncounterRetryPassResult = {
    created: 0,
    rejected: 0,
    pending: tenants.reduce((n, t) => n + t.pending, 0),
    fhirDown: false,
    outageReason: null,
  };
  deps.metrics?.encounterRetryQueue.set(result.pending);
  for (const { tenantId } of tenants) {
    let cursor: string | null = null;
    do {
      const page = await deps.uow.run(tenantId, (scope) =>
        scope.sessions.list({ status: ['ended'], awaitingEncounter: true, cursor, limit: 100 }),
      );
      for (const session of page.items) {
        try {
          const outcome = await retryEncounter(deps, { tenantId, sessionId: session.id });
          if (outcome.created) {
            result.created++;
            result.pending--;
            deps.metrics?.encountersCreated.inc();
          }
          if (outcome.failure?.kind === 'rejected') {
            result.rejected++;
            result.pending--;
            deps.metrics?.encounterRejections.inc();
            // The status and issue codes only: the OperationOutcome's diagnostics may echo patient data.
            deps.log.warn(
              {
                tenantId,
                sessionId: session.id,
                httpStatus: outcome.failure.rejection.httpStatus,
                issueCodes: outcome.failure.rejection.outcome.issue.map((issue) => issue.code),
              },
              'FHIR rejected the Encounter for good; recorded on the session, going on',
            );
          }
          if (outcome.pending) {
            result.fhirDown = true;
            result.outageReason =
              outcome.failure?.kind === 'outage' ? outcome.failure.reason : null;
            deps.metrics?.encounterRetryQueue.set(result.pending);
            return result;
          }
        } catch (error) {
          // Another worker finished it, or it changed state meanwhile: the next pass sees the truth.
          if (!isDomainError(error)) throw error;
          deps.log.debug(
            { tenantId, sessionId: session.id, code: error.code },
            'encounter retry skipped',
          );
        }
      }
      cursor = page.nextCursor;
    } while (cursor !== null);
  }
  deps.metrics?.encounterRetryQueue.set(result.pending);
  if (result.created > 0) deps.log.info({ created: result.created }, 'encounters created by retry');
  return result;
}

/** Delay before the next pass: the interval normally; doubling while FHIR is down, capped (5-minute bound). */
export function nextEncounterRetryDelay(
  previous: number,
  fhirDown: boolean,
  intervalMs: number,
  maxBackoffMs: number,
): number {
  if (!fhirDown) return intervalMs;
  return Math.min(Math.max(previous * 2, intervalMs), maxBackoffMs);
}
