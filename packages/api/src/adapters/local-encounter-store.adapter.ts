import type { DocumentReference, Encounter } from '@medplum/fhirtypes';
import {
  FhirRejectionError,
  type CreateEncounterInput,
  type FhirGatewayPort,
  type VisitNoteInput,
} from '@virtual-care/domain';
import { buildEncounter, buildVisitNote } from './fhir-gateway.adapter';
import { fhirValidationIssues } from './fhir-validator';
import { newUlid } from '../composition/runtime-ports';

/**
 * THE DEMO ADAPTER for FhirGatewayPort: the named local stand-in used when no FHIR_BASE_URL is
 * configured, so a newcomer can end a visit and see its Encounter without a FHIR server.
 *
 * It builds exactly what the real gateway adapter would post (same builders), validates it as FHIR R4
 * with @medplum/core (one it refuses is a 422 rejection with an OperationOutcome, as a FHIR server would
 * answer), and keeps it in PostgreSQL (`local_fhir_encounters`, decision 0008), keyed by
 * tenant and the conditional-create key (the session or async-visit id). The web app, the worker's
 * retries and every instance share that table, so a retry anywhere returns the same `local-<ulid>` id
 * and a restart forgets nothing. Concurrent creators race on the key; the database keeps the first.
 *
 * Visit notes (DocumentReference) are still kept in this process's memory: only the web app writes
 * them, and the table holds Encounters only.
 */
export interface LocalEncounterStore extends FhirGatewayPort {
  /** The Encounter kept under this id in the tenant, or null (the clinician's "see the Encounter"). */
  getEncounter(tenantId: string, id: string): Promise<Encounter | null>;
  /** The Encounter kept for a session or async visit (its conditional-create key), or null. */
  findEncounterBySource(tenantId: string, sourceId: string): Promise<Encounter | null>;
  /** Visit notes kept by this process. */
  visitNotes(): DocumentReference[];
}

/** A stored local Encounter: what the store reads back (the repository's record fits it). */
export interface LocalEncounterRow {
  readonly id: string;
  readonly resource: Record<string, unknown>;
}

/** The tenant's local Encounters (packages/db's `PgLocalFhirEncounterRepository`); no SQL here. */
export interface LocalEncounterRecords {
  findBySource(sourceId: string): Promise<LocalEncounterRow | null>;
  findById(id: string): Promise<LocalEncounterRow | null>;
  /** Conditional create: stores it unless the source has one; returns the stored row either way. */
  insertIfAbsent(encounter: {
    sourceId: string;
    id: string;
    resource: Record<string, unknown>;
  }): Promise<{ encounter: LocalEncounterRow }>;
}

/** A tenant-scoped transaction runner exposing the local Encounters: the database's unit of work fits. */
export interface LocalEncounterUnitOfWork {
  run<T>(
    tenantId: string,
    work: (scope: { readonly localEncounters: LocalEncounterRecords }) => Promise<T>,
  ): Promise<T>;
}

export interface LocalEncounterStoreOptions {
  /** Where Encounters are kept: `db.unitOfWork` (RLS confines each call to its tenant). */
  uow: LocalEncounterUnitOfWork;
  newId?: () => string;
}

export function createLocalEncounterStore(
  options: LocalEncounterStoreOptions,
): LocalEncounterStore {
  const { uow } = options;
  const newId = options.newId ?? (() => `local-${newUlid().toLowerCase()}`);
  const notesByKey = new Map<string, DocumentReference>();

  async function validated<T extends Encounter | DocumentReference>(resource: T): Promise<T> {
    const issues = await fhirValidationIssues(resource);
    if (issues.length > 0) {
      throw new FhirRejectionError(`The ${resource.resourceType} is not valid FHIR R4`, 422, {
        resourceType: 'OperationOutcome',
        issue: issues.map((text) => ({ severity: 'error', code: 'invalid', diagnostics: text })),
      });
    }
    return resource;
  }

  const stamped = <T extends Encounter | DocumentReference>(resource: T, id: string): T => ({
    ...resource,
    id,
    meta: { ...resource.meta, versionId: '1', lastUpdated: new Date().toISOString() },
  });

  async function createEncounter(input: CreateEncounterInput): Promise<string> {
    const existing = await uow.run(input.tenantId, (scope) =>
      scope.localEncounters.findBySource(input.sourceId),
    );
    if (existing) return existing.id;
    // Validated outside the transaction: no pooled connection waits on the validator.
    const encounter = await validated(buildEncounter(input));
    const id = newId();
    // A concurrent creator (another request, the worker, another instance) may have stored one
    // meanwhile: the insert then keeps theirs, and its id is the answer.
    const stored = await uow.run(input.tenantId, (scope) =>
      scope.localEncounters.insertIfAbsent({
        sourceId: input.sourceId,
        id,
        resource: stamped(encounter, id) as unknown as Record<string, unknown>,
      }),
    );
    return stored.encounter.id;
  }

  async function createVisitNote(input: VisitNoteInput): Promise<string> {
    const key = `${input.tenantId}|${input.noteKey}`;
    const existing = notesByKey.get(key);
    if (existing?.id) return existing.id;
    const note = await validated(buildVisitNote(input));
    // Re-check after the await: a concurrent call with the same key may have stored it meanwhile.
    const raced = notesByKey.get(key);
    if (raced?.id) return raced.id;
    const id = newId();
    notesByKey.set(key, stamped(note, id));
    return id;
  }

  const asEncounter = (row: LocalEncounterRow | null): Encounter | null =>
    row ? (row.resource as unknown as Encounter) : null;

  return {
    createEncounter,
    createVisitNote,
    getEncounter: async (tenantId, id) =>
      asEncounter(await uow.run(tenantId, (scope) => scope.localEncounters.findById(id))),
    findEncounterBySource: async (tenantId, sourceId) =>
      asEncounter(await uow.run(tenantId, (scope) => scope.localEncounters.findBySource(sourceId))),
    visitNotes: () => [...notesByKey.values()],
  };
}
