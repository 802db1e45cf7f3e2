import {
  DomainError,
  type AsyncVisitListPage,
  type AsyncVisitListQuery,
  type AsyncVisitRecord,
  type AsyncVisitRepository,
  type AsyncVisitStatus,
  type EncounterRejection,
  type IntakeAnswer,
} from '@virtual-care/domain';
import { run, statement, type Queryable } from '../sql/queryable';
import { decodeCursor, encodeCursor } from './session-cursor';

const COLUMNS = `id, tenant_id, patient_id, appointment_id, provider_id, chief_complaint,
  attachment_refs, status, client_mutation_id, submitted_at, responded_at, encounter_id,
  created_at, updated_at, response_text, encounter_rejected_at, encounter_rejection, answers`;

const FIND_BY_ID = statement(
  'async_visit_find_by_id',
  `SELECT ${COLUMNS} FROM async_visits WHERE id = $1`,
);

const FIND_BY_CMID = statement(
  'async_visit_find_by_cmid',
  `SELECT ${COLUMNS} FROM async_visits WHERE tenant_id = $1 AND client_mutation_id = $2`,
);

// A replayed offline submission (same clientMutationId) inserts nothing; a concurrent
// duplicate waits for the first to commit and then also inserts nothing.
const INSERT_IF_ABSENT = statement(
  'async_visit_insert_if_absent',
  `INSERT INTO async_visits (${COLUMNS})
   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
   ON CONFLICT (tenant_id, client_mutation_id) DO NOTHING
   RETURNING ${COLUMNS}`,
);

const UPDATE = statement(
  'async_visit_update',
  `UPDATE async_visits SET
     appointment_id = $2, provider_id = $3, chief_complaint = $4, attachment_refs = $5,
     status = $6, submitted_at = $7, responded_at = $8, encounter_id = $9, updated_at = $10,
     response_text = $11, encounter_rejected_at = $12, encounter_rejection = $13, answers = $14
   WHERE id = $1`,
);

// The tenant named explicitly: the worker's role may read every tenant's visits.
const NAMED_ATTACHMENT_REFS = statement(
  'async_visit_named_attachment_refs',
  `SELECT DISTINCT ref FROM async_visits, unnest(attachment_refs) AS ref
   WHERE tenant_id = $1 AND attachment_refs && $2::text[] AND ref = ANY($2::text[])`,
);

interface AsyncVisitRow {
  id: string;
  tenant_id: string;
  patient_id: string;
  appointment_id: string | null;
  provider_id: string | null;
  chief_complaint: string;
  attachment_refs: string[];
  status: string;
  client_mutation_id: string;
  submitted_at: Date | null;
  responded_at: Date | null;
  encounter_id: string | null;
  created_at: Date;
  updated_at: Date;
  response_text: string | null;
  encounter_rejected_at: Date | null;
  encounter_rejection: Omit<EncounterRejection, 'at'> | null;
  answers: IntakeAnswer[];
}

export class PgAsyncVisitRepository implements AsyncVisitRepository {
  constructor(
    private readonly db: Queryable,
    private readonly tenantId: string,
  ) {}

  async findById(id: string): Promise<AsyncVisitRecord | null> {
    const { rows } = await run<AsyncVisitRow>(this.db, FIND_BY_ID, [id]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async findByClientMutationId(clientMutationId: string): Promise<AsyncVisitRecord | null> {
    const { rows } = await run<AsyncVisitRow>(this.db, FIND_BY_CMID, [
      this.tenantId,
      clientMutationId,
    ]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async insertIfAbsent(
    v: AsyncVisitRecord,
  ): Promise<{ visit: AsyncVisitRecord; created: boolean }> {
    const { rows } = await run<AsyncVisitRow>(this.db, INSERT_IF_ABSENT, [
      v.id,
      v.tenantId,
      v.patientId,
      v.appointmentId,
      v.providerId,
      v.chiefComplaint,
      v.attachmentRefs,
      v.status,
      v.clientMutationId,
      v.submittedAt,
      v.respondedAt,
      v.encounterId,
      v.createdAt,
      v.updatedAt,
      v.responseText,
      ...rejectionColumns(v.encounterRejection),
      JSON.stringify(v.answers),
    ]);
    if (rows[0]) return { visit: toRecord(rows[0]), created: true };
    const existing = await this.findByClientMutationId(v.clientMutationId);
    if (!existing) throw new Error('async visit conflict without a visible row');
    return { visit: existing, created: false };
  }

  async update(v: AsyncVisitRecord): Promise<void> {
    await run(this.db, UPDATE, [
      v.id,
      v.appointmentId,
      v.providerId,
      v.chiefComplaint,
      v.attachmentRefs,
      v.status,
      v.submittedAt,
      v.respondedAt,
      v.encounterId,
      v.updatedAt,
      v.responseText,
      ...rejectionColumns(v.encounterRejection),
      JSON.stringify(v.answers),
    ]);
  }

  /** Keyset pagination on (created_at, id), oldest first; one prepared statement per filter shape. */
  async list(q: AsyncVisitListQuery): Promise<AsyncVisitListPage> {
    const limit = Math.max(1, Math.min(q.limit, 500));
    const values: unknown[] = [this.tenantId];
    const where = ['tenant_id = $1'];
    let shape = '';
    if (q.status && q.status.length > 0) {
      values.push(q.status);
      where.push(`status = ANY($${values.length}::text[])`);
      shape += 's';
    }
    if (q.patientId) {
      values.push(q.patientId);
      where.push(`patient_id = $${values.length}`);
      shape += 'p';
    }
    if (q.awaitingEncounter) {
      where.push(
        'responded_at IS NOT NULL AND encounter_id IS NULL AND encounter_rejected_at IS NULL',
      );
      shape += 'e';
    }
    if (q.cursor) {
      const after = decodeCursor(q.cursor);
      if (!after) {
        throw new DomainError('VALIDATION_FAILED', 'The list cursor is malformed.', {
          field: 'cursor',
        });
      }
      values.push(after.scheduledStart, after.id);
      where.push(`(created_at, id) > ($${values.length - 1}, $${values.length})`);
      shape += 'c';
    }
    values.push(limit + 1);
    const stmt = statement(
      `async_visit_list_${shape || 'all'}`,
      `SELECT ${COLUMNS} FROM async_visits WHERE ${where.join(' AND ')}
       ORDER BY created_at, id LIMIT $${values.length}`,
    );
    const { rows } = await run<AsyncVisitRow>(this.db, stmt, values);
    const items = rows.slice(0, limit).map(toRecord);
    const last = items[items.length - 1];
    return {
      items,
      nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null,
    };
  }

  async namedAttachmentRefs(refs: readonly string[]): Promise<string[]> {
    if (refs.length === 0) return [];
    const { rows } = await run<{ ref: string }>(this.db, NAMED_ATTACHMENT_REFS, [
      this.tenantId,
      refs,
    ]);
    return rows.map((r) => r.ref);
  }
}

function toRecord(r: AsyncVisitRow): AsyncVisitRecord {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    patientId: r.patient_id,
    appointmentId: r.appointment_id,
    providerId: r.provider_id,
    chiefComplaint: r.chief_complaint,
    attachmentRefs: r.attachment_refs,
    status: r.status as AsyncVisitStatus,
    clientMutationId: r.client_mutation_id,
    submittedAt: r.submitted_at,
    respondedAt: r.responded_at,
    encounterId: r.encounter_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    responseText: r.response_text,
    answers: r.answers,
    encounterRejection:
      r.encounter_rejected_at && r.encounter_rejection
        ? { at: r.encounter_rejected_at, ...r.encounter_rejection }
        : null,
  };
}

/** The rejection as its two columns: when, and {httpStatus, outcome}. */
function rejectionColumns(rejection: EncounterRejection | null): [Date | null, string | null] {
  if (!rejection) return [null, null];
  return [
    rejection.at,
    JSON.stringify({ httpStatus: rejection.httpStatus, outcome: rejection.outcome }),
  ];
}
