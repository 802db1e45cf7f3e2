import { randomBytes, randomUUID } from 'node:crypto';
import { createDatabase, type Database } from '@virtual-care/db';
import { createFixtureDatabase, type FixtureDatabase } from '@virtual-care/db/test-support';
import {
  isDomainError,
  type CreateEncounterInput,
  type VisitNoteInput,
} from '@virtual-care/domain';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type * as FhirValidator from '../../src/adapters/fhir-validator';
import {
  createLocalEncounterStore,
  type LocalEncounterStore,
  type LocalEncounterUnitOfWork,
} from '../../src/adapters/local-encounter-store.adapter';
import { loadApiConfig } from '../../src/composition/api-config';
import { createServices } from '../../src/composition/services';
import { openTestDatabase, type TestDatabase } from '../api/support/database';

// The validator as it is, except when a test makes it refuse (the builders only produce valid Encounters).
vi.mock('../../src/adapters/fhir-validator', async (importOriginal) => {
  const actual = await importOriginal<typeof FhirValidator>();
  return { ...actual, fhirValidationIssues: vi.fn(actual.fhirValidationIssues) };
});
const { fhirValidationIssues } = await import('../../src/adapters/fhir-validator');
const realValidationIssues = (
  await vi.importActual<typeof FhirValidator>('../../src/adapters/fhir-validator')
).fhirValidationIssues;

let testDb: TestDatabase;
let admin: FixtureDatabase;
/** Two "processes" (say the web app and the worker): each its own pool and its own store. */
let web: FixtureDatabase;
let worker: Database;
let webStore: LocalEncounterStore;
let workerStore: LocalEncounterStore;
let tenantA: string;
let tenantB: string;

async function createTenant(): Promise<string> {
  const id = randomUUID();
  await admin.pool.query(
    'INSERT INTO tenants (id, name, slug, virtual_care_licensed) VALUES ($1, $2, $3, true)',
    [id, `Local FHIR ${id.slice(0, 8)}`, `local-fhir-${id}`],
  );
  return id;
}

function encounterInput(
  tenantId: string,
  overrides: Partial<CreateEncounterInput> = {},
): CreateEncounterInput {
  return {
    tenantId,
    sourceId: `vsn_${ulid()}`,
    source: 'virtual_session',
    patientId: randomUUID(),
    appointmentId: randomUUID(),
    practitionerIds: [randomUUID()],
    periodStart: new Date('2026-04-18T09:00:00Z'),
    periodEnd: new Date('2026-04-18T09:25:00Z'),
    ...overrides,
  };
}

async function storedRows(sourceId: string): Promise<Array<{ tenant_id: string; id: string }>> {
  const { rows } = await admin.pool.query<{ tenant_id: string; id: string }>(
    'SELECT tenant_id, id FROM local_fhir_encounters WHERE source_id = $1 ORDER BY created_at',
    [sourceId],
  );
  return rows;
}

/** count(*) of the id as the application role, with app.tenant_id set as the unit of work sets it (or unset). */
async function countAsTenant(tenantId: string | null, id: string): Promise<string | undefined> {
  const client = await web.pool.connect();
  try {
    await client.query('BEGIN');
    if (tenantId) await client.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
    const { rows } = await client.query<{ n: string }>(
      'SELECT count(*) AS n FROM local_fhir_encounters WHERE id = $1',
      [id],
    );
    return rows[0]?.n;
  } finally {
    await client.query('ROLLBACK');
    client.release();
  }
}

beforeAll(async () => {
  testDb = await openTestDatabase();
  admin = createFixtureDatabase({ url: testDb.adminUrl, maxConnections: 2 });
  web = createFixtureDatabase({ url: testDb.appUrl, maxConnections: 4 });
  worker = createDatabase({ url: testDb.appUrl, maxConnections: 4 });
  webStore = createLocalEncounterStore({ uow: web.unitOfWork });
  workerStore = createLocalEncounterStore({ uow: worker.unitOfWork });
  tenantA = await createTenant();
  tenantB = await createTenant();
  // The validator loads the FHIR definitions on first use (seconds on a busy machine): not inside a test's time.
  await webStore.createEncounter(encounterInput(tenantB));
}, 120_000);

afterAll(async () => {
  await Promise.all([web, worker, admin].map((db) => db?.close().catch(() => undefined)));
  await testDb?.stop();
});

describe('local encounter store (the demo adapter) in PostgreSQL', () => {
  it('two processes creating the same source at once -> one Encounter, one id', async () => {
    const input = encounterInput(tenantA);
    const minted: string[] = [];
    const minting = () => {
      const id = `local-${ulid().toLowerCase()}`;
      minted.push(id);
      return id;
    };
    // Every creator's lookup finds nothing before any of them inserts: the race is certain, not chance.
    const creators = 4;
    let allLooked = () => {};
    const lookups = new Promise<void>((resolve) => (allLooked = resolve));
    let looked = 0;
    const racing = (uow: LocalEncounterUnitOfWork): LocalEncounterUnitOfWork => {
      let first = true;
      return {
        async run(tenantId, work) {
          const result = await uow.run(tenantId, work);
          if (first) {
            first = false;
            if (++looked === creators) allLooked();
            await lookups;
          }
          return result;
        },
      };
    };
    const stores = Array.from({ length: creators }, (_, i) =>
      createLocalEncounterStore({
        uow: racing(i % 2 === 0 ? web.unitOfWork : worker.unitOfWork),
        newId: minting,
      }),
    );
    const ids = await Promise.all(stores.map((store) => store.createEncounter(input)));
    expect(minted).toHaveLength(creators);
    expect(ids[0]).toMatch(/^local-[0-9a-z]{26}$/);
    expect(minted).toContain(ids[0]);
    expect(new Set(ids).size).toBe(1);
    expect(await storedRows(input.sourceId)).toEqual([{ tenant_id: tenantA, id: ids[0] }]);
    // A retry later, from either process, returns the same id and stores nothing new.
    expect(await workerStore.createEncounter(input)).toBe(ids[0]);
    expect(await storedRows(input.sourceId)).toHaveLength(1);
    // A different source is a different Encounter.
    expect(await webStore.createEncounter(encounterInput(tenantA))).not.toBe(ids[0]);
  });

  it('the stored resource is the valid R4 Encounter the real gateway would post, with its id', async () => {
    const input = encounterInput(tenantA, {
      source: 'async_visit',
      sourceId: `avs_${ulid()}`,
      appointmentId: null,
    });
    const id = await webStore.createEncounter(input);
    const encounter = await workerStore.getEncounter(tenantA, id);
    expect(encounter).toMatchObject({
      resourceType: 'Encounter',
      id,
      status: 'finished',
      class: { code: 'VR' },
      subject: { reference: `Patient/${input.patientId}` },
      identifier: [{ system: 'urn:virtual-care:async-visit', value: input.sourceId }],
      period: { start: '2026-04-18T09:00:00.000Z', end: '2026-04-18T09:25:00.000Z' },
      meta: { versionId: '1', tag: [{ system: 'urn:virtual-care:tenant', code: tenantA }] },
    });
    expect(await realValidationIssues(encounter!)).toEqual([]);
    expect(await webStore.findEncounterBySource(tenantA, input.sourceId)).toEqual(encounter);
  });

  it('US-008: one Encounter of a session that fell back to audio only is stored valid, with both modalities', async () => {
    const input = encounterInput(tenantA, {
      modalities: [
        { profile: 'video', seconds: 240 },
        { profile: 'audio_only', seconds: 1260 },
      ],
    });
    const [id, again] = await Promise.all([
      webStore.createEncounter(input),
      workerStore.createEncounter(input),
    ]);
    expect(again).toBe(id);
    expect(await storedRows(input.sourceId)).toHaveLength(1);
    const encounter = await workerStore.getEncounter(tenantA, id);
    expect(await realValidationIssues(encounter!)).toEqual([]);
    expect(encounter?.class.code).toBe('VR');
    expect(encounter?.type?.map((t) => t.coding?.[0]?.code)).toEqual(['VIDEOCONF', 'PHONE']);
    expect(
      encounter?.extension?.map((e) => [
        e.extension?.find((x) => x.url === 'modality')?.valueCoding?.code,
        e.extension?.find((x) => x.url === 'duration')?.valueDuration?.value,
      ]),
    ).toEqual([
      ['VIDEOCONF', 240],
      ['PHONE', 1260],
    ]);
  });

  it('survives a restart: a new process finds the Encounter and a retry keeps its id', async () => {
    const input = encounterInput(tenantA);
    const id = await webStore.createEncounter(input);
    const restarted = createDatabase({ url: testDb.appUrl, maxConnections: 2 });
    try {
      const store = createLocalEncounterStore({ uow: restarted.unitOfWork });
      expect((await store.getEncounter(tenantA, id))?.id).toBe(id);
      expect(await store.createEncounter(input)).toBe(id);
    } finally {
      await restarted.close();
    }
  });

  it("tenant isolation: another tenant's unit of work sees nothing, and its same source id is its own Encounter", async () => {
    const input = encounterInput(tenantA);
    const id = await webStore.createEncounter(input);
    expect(await workerStore.getEncounter(tenantB, id)).toBeNull();
    expect(await workerStore.findEncounterBySource(tenantB, input.sourceId)).toBeNull();
    await web.unitOfWork.run(tenantB, async (scope) => {
      expect(await scope.localEncounters.findById(id)).toBeNull();
      expect(await scope.localEncounters.findBySource(input.sourceId)).toBeNull();
    });
    // Raw SQL as the application role (RLS, not the repository's WHERE, hides the row).
    expect(await countAsTenant(tenantB, id)).toBe('0');
    expect(await countAsTenant(null, id)).toBe('0');
    expect(await countAsTenant(tenantA, id)).toBe('1');

    const otherId = await webStore.createEncounter({ ...input, tenantId: tenantB });
    expect(otherId).not.toBe(id);
    expect((await storedRows(input.sourceId)).map((r) => r.tenant_id).sort()).toEqual(
      [tenantA, tenantB].sort(),
    );
    expect((await webStore.getEncounter(tenantA, id))?.meta?.tag?.[0]?.code).toBe(tenantA);
    expect((await webStore.getEncounter(tenantB, otherId))?.meta?.tag?.[0]?.code).toBe(tenantB);
  });

  it('an Encounter the validator refuses is not stored (VALIDATION_FAILED)', async () => {
    const input = encounterInput(tenantA);
    vi.mocked(fhirValidationIssues).mockResolvedValueOnce([
      { severity: 'error', code: 'invalid', diagnostics: 'broken' },
    ] as never);
    const error = await webStore.createEncounter(input).catch((e: unknown) => e);
    expect(isDomainError(error, 'VALIDATION_FAILED')).toBe(true);
    expect(await storedRows(input.sourceId)).toEqual([]);
    expect(await webStore.findEncounterBySource(tenantA, input.sourceId)).toBeNull();
  });

  it('visit notes are validated and de-duplicated by acceptance (kept in the process)', async () => {
    const note: VisitNoteInput = {
      tenantId: tenantA,
      noteKey: `vnt_${ulid()}`,
      sessionId: `vsn_${ulid()}`,
      patientId: randomUUID(),
      encounterId: 'local-x',
      text: 'Summary text',
      provenance: {
        aiGenerated: true,
        aiModel: 'model-x',
        aiAcceptedBy: randomUUID(),
        aiAcceptedAt: new Date('2026-04-18T10:00:00Z'),
        edited: false,
      },
    };
    const [a, b] = await Promise.all([
      webStore.createVisitNote(note),
      webStore.createVisitNote(note),
    ]);
    expect(a).toMatch(/^local-[0-9a-z]{26}$/);
    expect(b).toBe(a);
    expect(
      webStore.visitNotes().filter((n) => n.identifier?.[0]?.value === note.noteKey),
    ).toHaveLength(1);
  });
});

describe('createServices without FHIR_BASE_URL', () => {
  it("wires the database-backed store: the web app's Encounter is the worker's", async () => {
    const config = loadApiConfig({
      DATABASE_URL: testDb.appUrl,
      DATABASE_POOL_SIZE: '2',
      JOIN_TOKEN_KEYS: `k1:${randomBytes(32).toString('base64url')}`,
      SECRET_STORE_MASTER_KEY: `m1:${randomBytes(32).toString('base64')}`,
    });
    const services = createServices(config);
    try {
      expect(services.encounters).not.toBeNull();
      const input = encounterInput(tenantA);
      const id = await services.deps.fhir.createEncounter(input);
      // deps.fhir is the store (behind the failure report): what it creates, the store holds.
      expect((await services.encounters!.findEncounterBySource(tenantA, input.sourceId))?.id).toBe(
        id,
      );
      expect(await workerStore.createEncounter(input)).toBe(id);
      expect((await services.encounters!.getEncounter(tenantA, id))?.identifier?.[0]?.value).toBe(
        input.sourceId,
      );
    } finally {
      await services.close();
    }
  });
});
