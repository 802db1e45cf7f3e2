import type { DocumentReference, Encounter } from '@medplum/fhirtypes';
import { DomainError, type CreateEncounterInput, type FhirGatewayPort, type VisitNoteInput } from '@virtual-care/domain';
import { ulid } from 'ulid';
import { buildEncounter, buildVisitNote } from './fhir-gateway.adapter';
import { fhirValidationIssues } from './fhir-validator';

/**
 * THE DEMO ADAPTER for FhirGatewayPort: the named local stand-in used when no FHIR_BASE_URL is
 * configured, so a newcomer can end a visit and see its Encounter without a FHIR server.
 *
 * It builds exactly what the real gateway adapter would post (same builders), validates it as FHIR R4
 * with @medplum/core, and keeps it in this process's memory keyed by the conditional-create key, so a
 * retry returns the same `local-<ulid>` id. Limits, by design for the demo: the store is per process
 * (several web/worker instances would each have their own, and a restart forgets it). If the demo ever
 * runs several instances, a database table behind the same port replaces this.
 */
export interface LocalEncounterStore extends FhirGatewayPort {
  /** Encounters kept so far (the clinician's "see the Encounter" view reads this). */
  encounters(): Encounter[];
  getEncounter(id: string): Encounter | undefined;
  visitNotes(): DocumentReference[];
}

export function createLocalEncounterStore(options: { newId?: () => string } = {}): LocalEncounterStore {
  const newId = options.newId ?? (() => `local-${ulid().toLowerCase()}`);
  const encountersByKey = new Map<string, Encounter>();
  const notesByKey = new Map<string, DocumentReference>();

  async function keep<T extends Encounter | DocumentReference>(store: Map<string, T>, key: string, resource: T): Promise<string> {
    const existing = store.get(key);
    if (existing?.id) return existing.id;
    const issues = await fhirValidationIssues(resource);
    if (issues.length > 0) {
      throw new DomainError('VALIDATION_FAILED', `The ${resource.resourceType} is not valid FHIR R4`, { issues });
    }
    // Re-check after the await: a concurrent call with the same key may have stored it meanwhile.
    const raced = store.get(key);
    if (raced?.id) return raced.id;
    const id = newId();
    store.set(key, { ...resource, id, meta: { ...resource.meta, versionId: '1', lastUpdated: new Date().toISOString() } });
    return id;
  }

  return {
    createEncounter: (input: CreateEncounterInput) =>
      keep(encountersByKey, `${input.tenantId}|${input.source}|${input.sourceId}`, buildEncounter(input)),
    createVisitNote: (input: VisitNoteInput) => keep(notesByKey, `${input.tenantId}|${input.sessionId}`, buildVisitNote(input)),
    encounters: () => [...encountersByKey.values()],
    getEncounter: (id) => [...encountersByKey.values()].find((encounter) => encounter.id === id),
    visitNotes: () => [...notesByKey.values()],
  };
}
