import type { ConsentRecord, ConsentType } from '../records/consent.record';

export interface ConsentRecordRepository {
  /** Newest record of that type for the patient (revocation is a newer record). */
  latest(patientId: string, type: ConsentType): Promise<ConsentRecord | null>;
  append(record: ConsentRecord): Promise<void>;
  listForPatient(patientId: string): Promise<ConsentRecord[]>;
}
