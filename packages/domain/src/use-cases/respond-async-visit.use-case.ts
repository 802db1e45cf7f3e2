import { respondToAsyncVisit } from '../async-visit/async-visit.aggregate';
import { DomainError } from '../errors/domain.errors';
import type { FhirGatewayPort } from '../ports/fhir-gateway.port';
import type { AsyncVisitRecord } from '../records/async-visit.record';
import { loadAsyncVisit } from './shared/async-visit-store.helper';
import type { CoreDeps } from './shared/use-case-deps.helper';

export interface RespondAsyncVisitDeps extends Pick<CoreDeps, 'uow' | 'clock'> {
  fhir: FhirGatewayPort;
}

export interface RespondAsyncVisitCommand {
  tenantId: string;
  asyncVisitId: string;
  providerId: string;
  /** What the patient reads. */
  response: string;
}

/** under_review -> responded, with the FHIR Encounter created first (keyed by the visit id, so retries are safe). */
export async function respondAsyncVisit(
  deps: RespondAsyncVisitDeps,
  command: RespondAsyncVisitCommand,
): Promise<AsyncVisitRecord> {
  const visit = await deps.uow.read(command.tenantId, (scope) =>
    loadAsyncVisit(scope, command.asyncVisitId),
  );
  // Check the transition and the response before touching the chart.
  respondToAsyncVisit(visit, { text: command.response, encounterId: 'pending' }, deps.clock.now());
  let encounterId: string;
  try {
    encounterId = await deps.fhir.createEncounter({
      tenantId: command.tenantId,
      sourceId: visit.id,
      source: 'async_visit',
      patientId: visit.patientId,
      appointmentId: visit.appointmentId,
      practitionerIds: [command.providerId],
      periodStart: visit.submittedAt ?? visit.createdAt,
      periodEnd: deps.clock.now(),
    });
  } catch {
    throw new DomainError(
      'FHIR_GATEWAY_UNAVAILABLE',
      'The chart service is unavailable; try again',
    );
  }
  return deps.uow.run(command.tenantId, async (scope) => {
    const fresh = await loadAsyncVisit(scope, command.asyncVisitId);
    const responded = respondToAsyncVisit(
      fresh,
      { text: command.response, encounterId },
      deps.clock.now(),
    );
    await scope.asyncVisits.update(responded);
    return responded;
  });
}
