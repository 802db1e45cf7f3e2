import pg from 'pg';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { asTenant, useTestDatabases } from './support/databases';
import {
  asyncVisitFor,
  createTenant,
  createdEvent,
  participantFor,
  sessionFor,
} from './support/fixtures';

const RLS_REFUSAL = /row-level security/;

describe('tenant isolation enforced by PostgreSQL (RLS), as the application role', () => {
  const { admin, app } = useTestDatabases();
  const uow = app.unitOfWork;
  let tenantA: string;
  let tenantB: string;
  let bSession: ReturnType<typeof sessionFor>;
  let bParticipant: ReturnType<typeof participantFor>;
  let bVisit: ReturnType<typeof asyncVisitFor>;

  beforeAll(async () => {
    tenantA = await createTenant(admin);
    tenantB = await createTenant(admin);
    bSession = sessionFor(tenantB);
    bParticipant = participantFor(bSession);
    bVisit = asyncVisitFor(tenantB);
    await uow.run(tenantB, async (s) => {
      await s.sessions.insert(bSession);
      await s.participants.save([bParticipant]);
      await s.asyncVisits.insertIfAbsent(bVisit);
      await s.outbox.append([createdEvent(bSession)]);
    });
  });

  it('connects as a role that is neither superuser, nor BYPASSRLS, nor table owner', async () => {
    const { rows } = await app.pool.query<{
      rolsuper: boolean;
      rolbypassrls: boolean;
      owner: string;
      me: string;
    }>(
      `SELECT r.rolsuper, r.rolbypassrls, t.tableowner AS owner, current_user AS me
         FROM pg_roles r, pg_tables t
        WHERE r.rolname = current_user AND t.tablename = 'virtual_sessions'`,
    );
    expect(rows[0]).toMatchObject({ rolsuper: false, rolbypassrls: false });
    expect(rows[0]?.owner).not.toBe(rows[0]?.me);
  });

  it("reads: tenant A's unit of work sees none of tenant B's rows", async () => {
    await uow.run(tenantA, async (s) => {
      expect(await s.sessions.findById(bSession.id)).toBeNull();
      expect((await s.sessions.list({ limit: 100 })).items).toEqual([]);
      expect(await s.participants.findById(bParticipant.id)).toBeNull();
      expect(await s.sessions.findWithParticipants(bSession.id)).toBeNull();
      expect(await s.asyncVisits.findById(bVisit.id)).toBeNull();
      expect(await s.asyncVisits.findByClientMutationId(bVisit.clientMutationId)).toBeNull();
    });
    const counts = await asTenant(app, tenantA, (c) =>
      c.query<{ n: string }>(
        `SELECT (SELECT count(*) FROM virtual_sessions WHERE tenant_id = $1)
              + (SELECT count(*) FROM virtual_session_participants WHERE tenant_id = $1)
              + (SELECT count(*) FROM async_visits WHERE tenant_id = $1)
              + (SELECT count(*) FROM virtual_care_outbox WHERE tenant_id = $1) AS n`,
        [tenantB],
      ),
    );
    expect(counts.rows[0]?.n).toBe('0');
  });

  it("updates: tenant A changes none of tenant B's rows", async () => {
    const stale = { ...bSession, status: 'cancelled' as const, version: 2 };
    expect(await uow.run(tenantA, (s) => s.sessions.update(stale, 1))).toBe(false);
    await uow.run(tenantA, (s) => s.asyncVisits.update({ ...bVisit, status: 'closed' }));
    const touched = await asTenant(app, tenantA, async (c) => {
      const results = [
        await c.query(`UPDATE virtual_sessions SET room_name = 'x' WHERE id = $1`, [bSession.id]),
        await c.query(`UPDATE virtual_session_participants SET status = 'removed' WHERE id = $1`, [
          bParticipant.id,
        ]),
        await c.query(`UPDATE async_visits SET status = 'closed' WHERE id = $1`, [bVisit.id]),
        await c.query(`UPDATE virtual_care_outbox SET published = TRUE WHERE tenant_id = $1`, [
          tenantB,
        ]),
      ];
      return results.map((r) => r.rowCount);
    });
    expect(touched).toEqual([0, 0, 0, 0]);
    // A presence touch of B's participant finds no row.
    expect(
      await uow.run(tenantA, (s) =>
        s.participants.touchPresence(bParticipant.id, new Date(), bParticipant.status),
      ),
    ).toBe(false);
    // A participant upsert that collides with B's id must not take B's row over.
    await expect(
      uow.run(tenantA, (s) =>
        s.participants.save([{ ...bParticipant, tenantId: tenantA, status: 'removed' }]),
      ),
    ).rejects.toThrow(RLS_REFUSAL);
    await expectTenantBUnchanged();
  });

  it("deletes: tenant A deletes none of tenant B's rows", async () => {
    const deleted = await asTenant(app, tenantA, async (c) => {
      const results = [
        await c.query('DELETE FROM virtual_session_participants WHERE id = $1', [bParticipant.id]),
        await c.query('DELETE FROM virtual_sessions WHERE id = $1', [bSession.id]),
        await c.query('DELETE FROM async_visits WHERE id = $1', [bVisit.id]),
        await c.query('DELETE FROM virtual_care_outbox WHERE tenant_id = $1', [tenantB]),
      ];
      return results.map((r) => r.rowCount);
    });
    expect(deleted).toEqual([0, 0, 0, 0]);
    await expectTenantBUnchanged();
  });

  it('inserts: tenant A cannot write rows for tenant B', async () => {
    const foreign = sessionFor(tenantB);
    await expect(uow.run(tenantA, (s) => s.sessions.insert(foreign))).rejects.toThrow(RLS_REFUSAL);
    const own = sessionFor(tenantA);
    await expect(
      uow.run(tenantA, (s) => s.sessions.insert(own, [participantFor(bSession)])),
    ).rejects.toThrow(RLS_REFUSAL);
    await expect(
      uow.run(tenantA, (s) => s.sessions.insert(own, [], [createdEvent(bSession)])),
    ).rejects.toThrow(RLS_REFUSAL);
    await expect(
      uow.run(tenantA, (s) => s.participants.save([participantFor(bSession)])),
    ).rejects.toThrow(RLS_REFUSAL);
    await expect(
      uow.run(tenantA, (s) => s.asyncVisits.insertIfAbsent(asyncVisitFor(tenantB))),
    ).rejects.toThrow(RLS_REFUSAL);
    await expect(uow.run(tenantA, (s) => s.outbox.append([createdEvent(foreign)]))).rejects.toThrow(
      RLS_REFUSAL,
    );
    const { rows } = await admin.query('SELECT 1 FROM virtual_sessions WHERE id = $1', [
      foreign.id,
    ]);
    expect(rows).toHaveLength(0);
  });

  it('reads without a transaction: each tenant sees only its rows on connections reused across tenants', async () => {
    // More rounds than the pool has connections, alternating tenants, so connections switch tenant.
    for (let round = 0; round < 12; round += 1) {
      const [fromA, fromB] = await Promise.all([
        uow.read(tenantA, (s) => s.sessions.findWithParticipants(bSession.id)),
        uow.read(tenantB, (s) => s.sessions.findWithParticipants(bSession.id)),
      ]);
      expect(fromA).toBeNull();
      expect(fromB?.session.id).toBe(bSession.id);
    }
    // A transaction's own setting ends with it: a later read on that connection is still its tenant's.
    await uow.run(tenantA, (s) => s.sessions.findById(bSession.id));
    expect((await uow.read(tenantB, (s) => s.sessions.findById(bSession.id)))?.id).toBe(
      bSession.id,
    );
  });

  it('reads refuse writes: the connections are read-only outside a read-write transaction', async () => {
    const own = sessionFor(tenantA);
    await expect(uow.read(tenantA, (s) => s.sessions.insert(own))).rejects.toThrow(
      /read-only transaction/,
    );
    expect(await uow.read(tenantA, (s) => s.sessions.findById(own.id))).toBeNull();
    await expect(uow.read(tenantA, (s) => s.sessions.findById(bSession.id))).resolves.toBeNull();
  });

  it('a query outside the units of work never carries a tenant a read left on a connection', async () => {
    await uow.read(tenantB, (s) => s.sessions.findById(bSession.id));
    const { rows } = await app.pool.query<{ tenant: string | null }>(
      "SELECT current_setting('app.tenant_id', true) AS tenant",
    );
    expect(rows[0]?.tenant ?? '').toBe('');
  });

  it('without app.tenant_id the application role sees nothing and raises no error', async () => {
    const { rows } = await app.pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM virtual_sessions WHERE tenant_id = $1`,
      [tenantB],
    );
    expect(rows[0]?.n).toBe('0');
  });

  it("the worker role's sweeps span tenants; the inbox is closed to the web role", async () => {
    const worker = new pg.Client({ connectionString: inject('workerUrl') });
    await worker.connect();
    try {
      const { rowCount } = await worker.query('SELECT 1 FROM virtual_sessions WHERE id = $1', [
        bSession.id,
      ]);
      expect(rowCount).toBe(1);
      // Async visits: the Encounter scan reads every tenant's; writes stay in the visit's tenant.
      const visits = await worker.query('SELECT 1 FROM async_visits WHERE id = $1', [bVisit.id]);
      expect(visits.rowCount).toBe(1);
      const written = await worker.query(
        `UPDATE async_visits SET encounter_id = 'enc-x' WHERE id = $1`,
        [bVisit.id],
      );
      expect(written.rowCount).toBe(0);
      await worker.query('SELECT count(*) FROM virtual_care_inbox');
    } finally {
      await worker.end();
    }
    await expect(app.pool.query('SELECT count(*) FROM virtual_care_inbox')).rejects.toThrow(
      /permission denied/,
    );
  });

  async function expectTenantBUnchanged(): Promise<void> {
    await uow.run(tenantB, async (s) => {
      const session = await s.sessions.findById(bSession.id);
      expect(session).toMatchObject({
        status: 'scheduled',
        version: 1,
        roomName: bSession.roomName,
      });
      expect(await s.participants.findById(bParticipant.id)).toMatchObject({
        status: 'invited',
        tenantId: tenantB,
      });
      expect(await s.asyncVisits.findById(bVisit.id)).toMatchObject({ status: 'submitted' });
    });
    const { rows } = await admin.query(
      'SELECT published FROM virtual_care_outbox WHERE tenant_id = $1',
      [tenantB],
    );
    expect(rows).toEqual([{ published: false }]);
  }
});
