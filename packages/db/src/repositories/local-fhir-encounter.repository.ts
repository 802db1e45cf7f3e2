import { run, statement, type Queryable } from '../sql/queryable';

/**
 * An Encounter kept by the demo's local FHIR store (no FHIR server configured), one per
 * tenant and conditional-create key. `resource` is the R4 Encounter as validated, with its id.
 */
export interface LocalFhirEncounterRecord {
  /** The conditional-create key: the session or async-visit id. */
  sourceId: string;
  /** The Encounter's FHIR id, `local-<ulid>`. */
  id: string;
  resource: Record<string, unknown>;
  createdAt: Date;
}

const COLUMNS = 'source_id, id, resource, created_at';

const FIND_BY_SOURCE = statement(
  'local_fhir_encounter_find_by_source',
  `SELECT ${COLUMNS} FROM local_fhir_encounters WHERE tenant_id = $1 AND source_id = $2`,
);

const FIND_BY_ID = statement(
  'local_fhir_encounter_find_by_id',
  `SELECT ${COLUMNS} FROM local_fhir_encounters WHERE tenant_id = $1 AND id = $2`,
);

// A second creator of the same source (a retry, another process) inserts nothing; a
// concurrent one waits on the first's uncommitted key and then inserts nothing.
const INSERT_IF_ABSENT = statement(
  'local_fhir_encounter_insert_if_absent',
  `INSERT INTO local_fhir_encounters (tenant_id, source_id, id, resource) VALUES ($1, $2, $3, $4::jsonb)
   ON CONFLICT (tenant_id, source_id) DO NOTHING
   RETURNING ${COLUMNS}`,
);

interface LocalFhirEncounterRow {
  source_id: string;
  id: string;
  resource: Record<string, unknown>;
  created_at: Date;
}

/** The demo's Encounter table (decision 0008); RLS confines it to the unit of work's tenant. */
export class PgLocalFhirEncounterRepository {
  constructor(
    private readonly db: Queryable,
    private readonly tenantId: string,
  ) {}

  async findBySource(sourceId: string): Promise<LocalFhirEncounterRecord | null> {
    const { rows } = await run<LocalFhirEncounterRow>(this.db, FIND_BY_SOURCE, [
      this.tenantId,
      sourceId,
    ]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async findById(id: string): Promise<LocalFhirEncounterRecord | null> {
    const { rows } = await run<LocalFhirEncounterRow>(this.db, FIND_BY_ID, [this.tenantId, id]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /**
   * Conditional create: stores the Encounter unless one exists for `sourceId`, and returns the
   * stored row either way (the first writer's id and resource), with `created` telling which.
   */
  async insertIfAbsent(encounter: {
    sourceId: string;
    id: string;
    resource: Record<string, unknown>;
  }): Promise<{ encounter: LocalFhirEncounterRecord; created: boolean }> {
    const { rows } = await run<LocalFhirEncounterRow>(this.db, INSERT_IF_ABSENT, [
      this.tenantId,
      encounter.sourceId,
      encounter.id,
      JSON.stringify(encounter.resource),
    ]);
    if (rows[0]) return { encounter: toRecord(rows[0]), created: true };
    const existing = await this.findBySource(encounter.sourceId);
    if (!existing) throw new Error('local FHIR encounter conflict without a visible row');
    return { encounter: existing, created: false };
  }
}

function toRecord(r: LocalFhirEncounterRow): LocalFhirEncounterRecord {
  return { sourceId: r.source_id, id: r.id, resource: r.resource, createdAt: r.created_at };
}
