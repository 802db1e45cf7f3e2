import type { IntakeAnswer } from '../async-visit/intake-answers.value';
import type { EncounterRejection } from './virtual-session.record';

/** The store-and-forward lifecycle (domain model seed 1.4). */
export const ASYNC_VISIT_STATUSES = [
  'draft',
  'submitted',
  'under_review',
  'responded',
  'closed',
] as const;
export type AsyncVisitStatus = (typeof ASYNC_VISIT_STATUSES)[number];

/** Persisted shape of a store-and-forward visit. */
export interface AsyncVisitRecord {
  id: string;
  tenantId: string;
  patientId: string;
  appointmentId: string | null;
  providerId: string | null;
  chiefComplaint: string;
  attachmentRefs: string[];
  /** The intake questions the patient answered, in the order asked; blank ones are not kept. */
  answers: IntakeAnswer[];
  status: AsyncVisitStatus;
  clientMutationId: string;
  submittedAt: Date | null;
  respondedAt: Date | null;
  /** The FHIR Encounter of the response; null until the chart service has created it. */
  encounterId: string | null;
  /** The FHIR server refused the Encounter for good: not sent again automatically. */
  encounterRejection: EncounterRejection | null;
  /** The clinician's answer to the patient, set when the visit is responded. */
  responseText: string | null;
  createdAt: Date;
  updatedAt: Date;
}
