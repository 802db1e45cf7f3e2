/** Persisted shape of a store-and-forward visit. */
export type AsyncVisitStatus = 'draft' | 'submitted' | 'under_review' | 'responded' | 'closed';

export interface AsyncVisitRecord {
  id: string;
  tenantId: string;
  patientId: string;
  appointmentId: string | null;
  providerId: string | null;
  chiefComplaint: string;
  attachmentRefs: string[];
  status: AsyncVisitStatus;
  clientMutationId: string;
  submittedAt: Date | null;
  respondedAt: Date | null;
  encounterId: string | null;
  createdAt: Date;
  updatedAt: Date;
}
