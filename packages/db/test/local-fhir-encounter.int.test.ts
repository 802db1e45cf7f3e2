import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { asTenant, useTestDatabases } from './support/databases';
import { createFixtureDatabase } from './support/fixture-database';
import { createTenant } from './support/fixtures';

const RLS_REFUSAL = /row-level security/;

const encounter = (sourceId: string, id = `local-${ulid().toLowerCase()}`) => ({
  sourceId,
  id,
  resource: {
    resourceType: 'Encounter',
    id,
    status: 'finished',
    identifier: [{ system: 'urn:virtual-care:session', value: sourceId }],
  },
});

describe('local_fhir_encounters (the demo FHIR store) through the tenant unit of work', () => {
  const { admin, app } = useTestDatabases();
  const uow = app.unitOfWork;
  const worker = createFixtureDatabase({ url: inject('workerUrl'), maxConnections: 2 });
  let tenantA: string;
  let tenantB: string;

  beforeAll(async () => {
    tenantA = await createTenant(admin);
    tenantB = await createTenant(admin);
  });
  afterAll(async () => {
    await worker.close();
  });

  it('insertIfAbsent stores once and returns the stored row; findBySource / findById read it back', async () => {
    const sourceId = `vsn_${ulid()}`;
    const first = encounter(sourceId);
    const created = await uow.run(tenantA, (s) => s.localEncounters.insertIfAbsent(first));
    expect(created).toMatchObject({
      created: true,
      encounter: { sourceId, id: first.id, resource: first.resource },
    });
    expect(created.encounter.createdAt).toBeInstanceOf(Date);

    const again = await uow.run(tenantA, (s) =>
      s.localEncounters.insertIfAbsent(encounter(sourceId)),
    );
    expect(again).toEqual({ created: false, encounter: created.encounter });
    expect(await uow.run(tenantA, (s) => s.localEncounters.findBySource(sourceId))).toEqual(
      created.encounter,
    );
    expect(await uow.run(tenantA, (s) => s.localEncounters.findById(first.id))).toEqual(
      created.encounter,
    );
    expect(await uow.run(tenantA, (s) => s.localEncounters.findById('local-none'))).toBeNull();
  });

  it('a concurrent insert of the same source waits for the first and returns its row', async () => {
    const sourceId = `vsn_${ulid()}`;
    const first = encounter(sourceId);
    let releaseFirst!: () => void;
    const firstHolds = new Promise<void>((resolve) => (releaseFirst = resolve));
    let firstInserted!: () => void;
    const inserted = new Promise<void>((resolve) => (firstInserted = resolve));
    const one = uow.run(tenantA, async (s) => {
      const result = await s.localEncounters.insertIfAbsent(first);
      firstInserted();
      await firstHolds; // uncommitted while the second tries
      return result;
    });
    await inserted;
    const two = worker.unitOfWork.run(tenantA, (s) =>
      s.localEncounters.insertIfAbsent(encounter(sourceId)),
    );
    await untilBlocked(admin, 'local_fhir_encounters');
    releaseFirst();
    const [a, b] = await Promise.all([one, two]);
    expect(a.created).toBe(true);
    expect(b).toEqual({ created: false, encounter: a.encounter });
    const { rows } = await admin.query(
      'SELECT id FROM local_fhir_encounters WHERE source_id = $1',
      [sourceId],
    );
    expect(rows).toEqual([{ id: first.id }]);
  });

  it("the worker's role reads and writes it in the tenant, and nothing across tenants", async () => {
    const sourceId = `avs_${ulid()}`;
    const row = await worker.unitOfWork.run(tenantA, (s) =>
      s.localEncounters.insertIfAbsent(encounter(sourceId)),
    );
    expect(await uow.run(tenantA, (s) => s.localEncounters.findBySource(sourceId))).toEqual(
      row.encounter,
    );
    expect(
      await worker.unitOfWork.run(tenantB, (s) => s.localEncounters.findById(row.encounter.id)),
    ).toBeNull();
    const { rows } = await worker.pool.query(
      'SELECT count(*)::int AS n FROM local_fhir_encounters',
    );
    expect(rows[0]).toEqual({ n: 0 }); // no tenant set: no rows, even for the worker
  });

  it("RLS: tenant B sees none of A's Encounters and cannot write one for A", async () => {
    const sourceId = `vsn_${ulid()}`;
    const a = await uow.run(tenantA, (s) => s.localEncounters.insertIfAbsent(encounter(sourceId)));
    await uow.run(tenantB, async (s) => {
      expect(await s.localEncounters.findById(a.encounter.id)).toBeNull();
      expect(await s.localEncounters.findBySource(sourceId)).toBeNull();
    });
    const seen = await asTenant(app, tenantB, (c) =>
      c.query('SELECT 1 FROM local_fhir_encounters WHERE tenant_id = $1', [tenantA]),
    );
    expect(seen.rows).toEqual([]);
    await expect(
      asTenant(app, tenantB, (c) =>
        c.query(
          `INSERT INTO local_fhir_encounters (tenant_id, source_id, id, resource) VALUES ($1, $2, $3, '{}')`,
          [tenantA, `vsn_${ulid()}`, `local-${ulid().toLowerCase()}`],
        ),
      ),
    ).rejects.toThrow(RLS_REFUSAL);
    // B's own Encounter for the same source id is B's: the key is (tenant, source).
    const b = await uow.run(tenantB, (s) => s.localEncounters.insertIfAbsent(encounter(sourceId)));
    expect(b.created).toBe(true);
    expect(b.encounter.id).not.toBe(a.encounter.id);
  });

  it('is under forced row-level security with the tenant policy', async () => {
    const { rows } = await admin.query<{
      relrowsecurity: boolean;
      relforcerowsecurity: boolean;
      policies: string[];
    }>(
      `SELECT c.relrowsecurity, c.relforcerowsecurity,
              array(SELECT policyname::text FROM pg_policies WHERE tablename = c.relname ORDER BY 1) AS policies
         FROM pg_class c WHERE c.relname = 'local_fhir_encounters'`,
    );
    expect(rows[0]).toEqual({
      relrowsecurity: true,
      relforcerowsecurity: true,
      policies: ['local_fhir_encounters_tenant_isolation'],
    });
  });
});

/** Waits until a backend whose statement mentions `fragment` is blocked on a lock. */
async function untilBlocked(
  admin: { query: (text: string, values: unknown[]) => Promise<{ rows: unknown[] }> },
  fragment: string,
): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    const { rows } = await admin.query(
      `SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%' || $1 || '%' AND pid <> pg_backend_pid()`,
      [fragment],
    );
    if (rows.length > 0) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`no statement with "${fragment}" blocked on a lock`);
}
