import { awaitsAsyncVisitEncounter } from '../async-visit/async-visit.aggregate';
import { DomainError } from '../errors/domain.errors';
import {
  ensureAsyncVisitEncounter,
  type AsyncVisitEncounterStep,
} from './shared/async-visit-encounter.helper';
import { loadAsyncVisit } from './shared/async-visit-store.helper';
import type { EncounterDeps } from './shared/encounter.helper';

export type RetryAsyncVisitEncounterDeps = Pick<EncounterDeps, 'uow' | 'fhir' | 'clock'>;

export interface RetryAsyncVisitEncounterCommand {
  tenantId: string;
  asyncVisitId: string;
}

/**
 * The worker's reconciliation for an answered async visit still awaiting its Encounter, as retryEncounter is for
 * sessions. `pending`: still awaiting it after an outage (stop the pass, try later); `failure` also tells a
 * permanent rejection (recorded on the visit, which is not retried again: go on with the next).
 */
export async function retryAsyncVisitEncounter(
  deps: RetryAsyncVisitEncounterDeps,
  command: RetryAsyncVisitEncounterCommand,
): Promise<AsyncVisitEncounterStep & { pending: boolean }> {
  const visit = await deps.uow.read(command.tenantId, (scope) =>
    loadAsyncVisit(scope, command.asyncVisitId),
  );
  if (visit.respondedAt === null) {
    throw new DomainError('INVALID_STATUS_TRANSITION', 'Only answered visits get an Encounter', {
      currentStatus: visit.status,
    });
  }
  const step = await ensureAsyncVisitEncounter(deps, command.tenantId, visit);
  return { ...step, pending: awaitsAsyncVisitEncounter(step.visit) };
}
