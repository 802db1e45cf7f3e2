import {
  isDomainError,
  retryAsyncVisitEncounter,
  retryEncounter,
  type Clock,
  type EncounterStep,
  type FhirGatewayPort,
  type IdGenerator,
  type TenantScope,
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
  /** Refused for good by the FHIR server in this pass: recorded on their sessions or visits, not retried again. */
  rejected: number;
  pending: number;
  /** The FHIR server failed during this pass; the caller backs off. */
  fhirDown: boolean;
  /** Why, when it did (no PHI). */
  outageReason: string | null;
}

/** What awaits an Encounter: an ended session, or an answered async visit (its id is the conditional-create key). */
type EncounterSource = 'virtual_session' | 'async_visit';

type RetryOutcome = Pick<EncounterStep, 'created' | 'failure'> & { pending: boolean };

interface SourceRetry {
  source: EncounterSource;
  /** One page of the tenant's records of this source still awaiting their Encounter. */
  page: (
    scope: TenantScope,
    cursor: string | null,
  ) => Promise<{ items: { id: string }[]; nextCursor: string | null }>;
  retry: (deps: EncounterRetryDeps, tenantId: string, id: string) => Promise<RetryOutcome>;
}

const PAGE = 100;

/** Sessions first (their Encounters carry billing), then async visits; each with the same saga step. */
const SOURCES: SourceRetry[] = [
  {
    source: 'virtual_session',
    page: (scope, cursor) =>
      scope.sessions.list({ status: ['ended'], awaitingEncounter: true, cursor, limit: PAGE }),
    retry: (deps, tenantId, sessionId) => retryEncounter(deps, { tenantId, sessionId }),
  },
  {
    source: 'async_visit',
    page: (scope, cursor) =>
      scope.asyncVisits.list({ awaitingEncounter: true, cursor, limit: PAGE }),
    retry: (deps, tenantId, asyncVisitId) =>
      retryAsyncVisitEncounter(deps, { tenantId, asyncVisitId }),
  },
];

/**
 * One pass of the FHIR Encounter saga's reconciliation: every ended session and every answered async visit still
 * awaiting its Encounter, across tenants (worker role), gets a conditional create keyed by its id. Storing a
 * session's id raises billing.session_chargeable.v1 in the same transaction, with the session's version check, so a
 * session is billed once even when two workers race. An Encounter the server refuses for good (4xx other than
 * 408/429) is recorded on its session or visit, counted and logged, and the pass goes on: one bad Encounter never
 * holds back those (and the billing) behind it. An outage ends the pass: the server is down, hammering it helps
 * nobody.
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
    for (const source of SOURCES) {
      if (await retryAll(deps, tenantId, source, result)) {
        deps.metrics?.encounterRetryQueue.set(result.pending);
        return result;
      }
    }
  }
  deps.metrics?.encounterRetryQueue.set(result.pending);
  if (result.created > 0) deps.log.info({ created: result.created }, 'encounters created by retry');
  return result;
}

/** Retries one tenant's records of one source, page by page; true when the FHIR server went down (stop the pass). */
async function retryAll(
  deps: EncounterRetryDeps,
  tenantId: string,
  { source, page, retry }: SourceRetry,
  result: EncounterRetryPassResult,
): Promise<boolean> {
  let cursor: string | null = null;
  do {
    const current = await deps.uow.run(tenantId, (scope) => page(scope, cursor));
    for (const { id } of current.items) {
      try {
        const outcome = await retry(deps, tenantId, id);
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
              source,
              sourceId: id,
              httpStatus: outcome.failure.rejection.httpStatus,
              issueCodes: outcome.failure.rejection.outcome.issue.map((issue) => issue.code),
            },
            'FHIR rejected the Encounter for good; recorded, going on',
          );
        }
        if (outcome.pending) {
          result.fhirDown = true;
          result.outageReason = outcome.failure?.kind === 'outage' ? outcome.failure.reason : null;
          return true;
        }
      } catch (error) {
        // Another worker finished it, or it changed state meanwhile: the next pass sees the truth.
        if (!isDomainError(error)) throw error;
        deps.log.debug(
          { tenantId, source, sourceId: id, code: error.code },
          'encounter retry skipped',
        );
      }
    }
    cursor = current.nextCursor;
  } while (cursor !== null);
  return false;
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
