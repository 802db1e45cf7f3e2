import {
  isDomainError,
  retryEncounter,
  type Clock,
  type FhirGatewayPort,
  type IdGenerator,
} from '@virtual-care/domain';
import { tenantsWithPendingEncounters, type PgTenantUnitOfWork } from '@virtual-care/db';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { WorkerMetrics } from './metrics';

export interface EncounterRetryDeps {
  pool: pg.Pool;
  uow: PgTenantUnitOfWork;
  fhir: FhirGatewayPort;
  clock: Clock;
  ids: IdGenerator;
  log: Logger;
  metrics?: WorkerMetrics;
}

export interface EncounterRetryPassResult {
  created: number;
  pending: number;
  /** The FHIR server failed during this pass; the caller backs off. */
  fhirDown: boolean;
}

/**
 * One pass of the FHIR Encounter saga's reconciliation: every ended session with encounterId null, across
 * tenants (worker role), gets a conditional create. Storing the id raises billing.session_chargeable.v1 in
 * the same transaction, with the session's version check, so a session is billed once even when two
 * workers race. The first FHIR failure ends the pass: the server is down, hammering it helps nobody.
 */
export async function runEncounterRetryPass(
  deps: EncounterRetryDeps,
): Promise<EncounterRetryPassResult> {
  const tenants = await tenantsWithPendingEncounters(deps.pool);
  const result: EncounterRetryPassResult = {
    created: 0,
    pending: tenants.reduce((n, t) => n + t.pending, 0),
    fhirDown: false,
  };
  deps.metrics?.encounterRetryQueue.set(result.pending);
  for (const { tenantId } of tenants) {
    let cursor: string | null = null;
    do {
      const page = await deps.uow.run(tenantId, (scope) =>
        scope.sessions.list({ status: ['ended'], encounterMissing: true, cursor, limit: 100 }),
      );
      for (const session of page.items) {
        try {
          const outcome = await retryEncounter(deps, { tenantId, sessionId: session.id });
          if (outcome.created) {
            result.created++;
            result.pending--;
            deps.metrics?.encountersCreated.inc();
          }
          if (outcome.pending) {
            result.fhirDown = true;
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
