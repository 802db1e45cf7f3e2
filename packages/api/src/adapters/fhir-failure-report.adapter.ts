import { fhirFailureReason, isFhirRejection, type FhirGatewayPort } from '@virtual-care/domain';
import type { Logger } from '../logger';

/** Failed creates since the process started, by kind. */
export interface FhirFailureCounts {
  outage: number;
  rejected: number;
}

export interface ReportedFhirGateway extends FhirGatewayPort {
  failures(): FhirFailureCounts;
}

/**
 * Wraps a FhirGatewayPort so that no failed create goes unnoticed: the use cases keep a session ended when
 * its Encounter cannot be made, and this is where an operator learns why. Each failure is counted and logged
 * with its kind, the session or visit id, and a reason free of PHI (fhirFailureReason: never the
 * OperationOutcome's diagnostics, which may echo values). The error is rethrown unchanged.
 */
export function reportFhirFailures(
  fhir: FhirGatewayPort,
  logger: Logger | undefined,
): ReportedFhirGateway {
  const counts: FhirFailureCounts = { outage: 0, rejected: 0 };

  function report(resourceType: string, sourceId: string, error: unknown): void {
    const kind = isFhirRejection(error) ? 'rejected' : 'outage';
    counts[kind] += 1;
    logger?.warn(
      { resourceType, sourceId, kind, reason: fhirFailureReason(error), failures: { ...counts } },
      kind === 'rejected' ? 'FHIR create rejected for good' : 'FHIR create failed',
    );
  }

  /** Runs one create; a failure is reported, then thrown on unchanged. */
  async function reported<T>(
    resourceType: string,
    sourceId: string,
    create: () => Promise<T>,
  ): Promise<T> {
    try {
      return await create();
    } catch (error) {
      report(resourceType, sourceId, error);
      throw error;
    }
  }

  return {
    createEncounter: (input) =>
      reported('Encounter', input.sourceId, () => fhir.createEncounter(input)),
    createVisitNote: (input) =>
      reported('DocumentReference', input.sessionId, () => fhir.createVisitNote(input)),
    failures: () => ({ ...counts }),
  };
}
