import { DomainError } from '../errors/domain.errors';
import type { ModalityDuration } from '../values/modality-durations.value';

export interface CreateEncounterInput {
  tenantId: string;
  /**
   * Conditional create key (the session or async-visit id): calling twice with the same key returns the
   * same Encounter id, so retries never duplicate.
   */
  sourceId: string;
  source: 'virtual_session' | 'async_visit';
  patientId: string;
  appointmentId: string | null;
  practitionerIds: string[];
  periodStart: Date;
  periodEnd: Date;
  /** Seconds per modality actually used, in tier order (a virtual session; absent for an async visit). */
  modalities?: ModalityDuration[];
}

export interface VisitNoteInput {
  tenantId: string;
  /** This acceptance's id (`vnt_`): the note's conditional-create key, so a retry never charts it twice. */
  noteKey: string;
  sessionId: string;
  patientId: string;
  encounterId: string | null;
  text: string;
  provenance: {
    aiGenerated: true;
    aiModel: string;
    aiAcceptedBy: string;
    aiAcceptedAt: Date;
    /** The clinician changed the AI's draft before accepting it. */
    edited: boolean;
  };
}

/** An OperationOutcome issue as a FHIR server sends it (the fields we keep and show). */
export interface FhirOutcomeIssue {
  severity: string;
  code: string;
  diagnostics?: string;
  details?: { text?: string };
  expression?: string[];
}

/** The FHIR server's account of why it refused a request. */
export interface FhirOperationOutcome {
  resourceType: 'OperationOutcome';
  issue: FhirOutcomeIssue[];
}

const FHIR_REJECTION_BRAND = Symbol.for('virtual-care.fhir-rejection');

/**
 * The FHIR server refused the resource for good (HTTP 4xx other than 408 and 429): sending the same resource
 * again cannot succeed, so retrying it would only hold back everything queued behind it. Any other failure
 * (network, timeout, 5xx, 408, 429) is an outage and worth retrying. It is a VALIDATION_FAILED DomainError
 * whose details carry the status and issue codes only; the OperationOutcome itself (which may echo values) is
 * kept on `outcome`, for the record, never for logs.
 */
export class FhirRejectionError extends DomainError {
  readonly [FHIR_REJECTION_BRAND] = true;

  constructor(
    message: string,
    readonly httpStatus: number,
    readonly outcome: FhirOperationOutcome,
  ) {
    super('VALIDATION_FAILED', message, {
      httpStatus,
      issueCodes: outcome.issue.map((issue) => issue.code),
    });
  }
}

export function isFhirRejection(error: unknown): error is FhirRejectionError {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as Record<symbol, unknown>)[FHIR_REJECTION_BRAND] === true
  );
}

/**
 * A short account of a failed call for logs and the retry job: the adapters' messages name the failure without
 * PHI (HTTP status, "timed out", a network code); a rejection by its status and issue codes only.
 */
export function fhirFailureReason(error: unknown): string {
  if (isFhirRejection(error))
    return `rejected: HTTP ${error.httpStatus} (${error.outcome.issue.map((i) => i.code).join(', ')})`;
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : 'unknown failure';
  return reason.slice(0, 300);
}

/**
 * patient-chart-service. Encounters have class VR. Throws on any failure: a `FhirRejectionError` when the
 * server refused the resource for good, anything else for an outage; callers decide what survives.
 */
export interface FhirGatewayPort {
  /** Returns the Encounter id. */
  createEncounter(input: CreateEncounterInput): Promise<string>;
  /** Charts an accepted AI visit note with its Provenance, both or neither; returns the note id. */
  createVisitNote(input: VisitNoteInput): Promise<string>;
}
