import { run, statement, type Queryable } from '../sql/queryable';

/** A patient of the tenant's local registry (the clinician's picker). */
export interface PatientRecord {
  id: string;
  tenantId: string;
  displayName: string;
  /** ISO date (YYYY-MM-DD): a calendar date, not an instant. */
  birthDate: string | null;
  preferredLanguage: string | null;
  /** The patient's portal account, if any. */
  userId: string | null;
  createdAt: Date;
}

export interface PatientListQuery {
  /** Case-insensitive substring of the display name. */
  search?: string;
  /** Default 50, at most 200. */
  limit?: number;
}

const COLUMNS = `id, tenant_id, display_name, birth_date::text AS birth_date, preferred_language,
  user_id, created_at`;

const LIST = statement(
  'patient_list',
  `SELECT ${COLUMNS} FROM patients
    WHERE tenant_id = $1 AND ($2::text IS NULL OR display_name ILIKE '%' || $2 || '%')
    ORDER BY display_name, id LIMIT $3`,
);

const FIND_BY_ID = statement('patient_find_by_id', `SELECT ${COLUMNS} FROM patients WHERE id = $1`);

const FIND_BY_USER = statement(
  'patient_find_by_user',
  `SELECT ${COLUMNS} FROM patients WHERE tenant_id = $1 AND user_id = $2 ORDER BY created_at LIMIT 1`,
);

const DISPLAY_NAMES = statement(
  'patient_display_names',
  `SELECT id, display_name FROM patients WHERE tenant_id = $1 AND id = ANY($2::uuid[])`,
);

interface PatientRow {
  id: string;
  tenant_id: string;
  display_name: string;
  birth_date: string | null;
  preferred_language: string | null;
  user_id: string | null;
  created_at: Date;
}

export class PgPatientRepository {
  constructor(
    private readonly db: Queryable,
    private readonly tenantId: string,
  ) {}

  async list(q: PatientListQuery = {}): Promise<PatientRecord[]> {
    const limit = Math.max(1, Math.min(q.limit ?? 50, 200));
    const search = q.search?.trim() ? escapeLike(q.search.trim()) : null;
    const { rows } = await run<PatientRow>(this.db, LIST, [this.tenantId, search, limit]);
    return rows.map(toRecord);
  }

  async findById(id: string): Promise<PatientRecord | null> {
    if (!isUuid(id)) return null; // a malformed id names no patient (and must not raise a cast error)
    const { rows } = await run<PatientRow>(this.db, FIND_BY_ID, [id]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** Display names by id, in one statement; ids that name no patient of the tenant are left out. */
  async displayNames(ids: readonly string[]): Promise<Map<string, string>> {
    const wanted = ids.filter(isUuid);
    if (wanted.length === 0) return new Map();
    const { rows } = await run<{ id: string; display_name: string }>(this.db, DISPLAY_NAMES, [
      this.tenantId,
      wanted,
    ]);
    return new Map(rows.map((r) => [r.id, r.display_name]));
  }

  /** The patient record behind a portal account, for the patient's own pages. */
  async findByUserId(userId: string): Promise<PatientRecord | null> {
    const { rows } = await run<PatientRow>(this.db, FIND_BY_USER, [this.tenantId, userId]);
    return rows[0] ? toRecord(rows[0]) : null;
  }
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function isUuid(s: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
}

function toRecord(r: PatientRow): PatientRecord {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    displayName: r.display_name,
    birthDate: r.birth_date,
    preferredLanguage: r.preferred_language,
    userId: r.user_id,
    createdAt: r.created_at,
  };
}
