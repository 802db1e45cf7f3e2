import type {
  ConsentCaptureMethod,
  ConsentDecision,
  ConsentRecord,
  ConsentRecordRepository,
  ConsentType,
} from '@virtual-care/domain';
import { run, statement, type Queryable } from '../sql/queryable';

const COLUMNS = `id, tenant_id, patient_id, type, decision, text_version, captured_at, captured_by, method`;

// Ties on captured_at are broken by id (ULIDs sort by creation).
const LATEST = statement(
  'consent_latest',
  `SELECT ${COLUMNS} FROM consent_records
    WHERE tenant_id = $1 AND patient_id = $2 AND type = $3
    ORDER BY captured_at DESC, id DESC LIMIT 1`,
);

const LIST_FOR_PATIENT = statement(
  'consent_list_for_patient',
  `SELECT ${COLUMNS} FROM consent_records
    WHERE tenant_id = $1 AND patient_id = $2 ORDER BY captured_at, id`,
);

const APPEND = statement(
  'consent_append',
  `INSERT INTO consent_records (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
);

interface ConsentRow {
  id: string;
  tenant_id: string;
  patient_id: string;
  type: string;
  decision: string;
  text_version: string;
  captured_at: Date;
  captured_by: string;
  method: string;
}

/** Append-only: the database refuses UPDATE and DELETE on consent_records. */
export class PgConsentRecordRepository implements ConsentRecordRepository {
  constructor(
    private readonly db: Queryable,
    private readonly tenantId: string,
  ) {}

  async latest(patientId: string, type: ConsentType): Promise<ConsentRecord | null> {
    const { rows } = await run<ConsentRow>(this.db, LATEST, [this.tenantId, patientId, type]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async append(r: ConsentRecord): Promise<void> {
    await run(this.db, APPEND, [
      r.id,
      r.tenantId,
      r.patientId,
      r.type,
      r.decision,
      r.textVersion,
      r.capturedAt,
      r.capturedBy,
      r.method,
    ]);
  }

  async listForPatient(patientId: string): Promise<ConsentRecord[]> {
    const { rows } = await run<ConsentRow>(this.db, LIST_FOR_PATIENT, [this.tenantId, patientId]);
    return rows.map(toRecord);
  }
}

function toRecord(r: ConsentRow): ConsentRecord {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    patientId: r.patient_id,
    type: r.type as ConsentType,
    decision: r.decision as ConsentDecision,
    textVersion: r.text_version,
    capturedAt: r.captured_at,
    capturedBy: r.captured_by,
    method: r.method as ConsentCaptureMethod,
  };
}
