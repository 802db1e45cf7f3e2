import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it, inject } from 'vitest';
import { PgTenantUnitOfWork } from '../src/unit-of-work/tenant-unit-of-work';
import { useTestDatabases } from './support/databases';
import { createTenant, participantFor, sessionFor } from './support/fixtures';

/** What each statement sent on the pool's connections was: the prepared statement's name, else its text. */
function countingPool(url: string): { pool: pg.Pool; sent: string[] } {
  const sent: string[] = [];
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    Object.assign(client, {
      query: (...args: unknown[]) => {
        const [first] = args;
        sent.push(
          typeof first === 'string' ? first : String((first as { name?: string }).name ?? ''),
        );
        return query(...args);
      },
    });
  });
  return { pool, sent };
}

describe('the waiting-room read model', () => {
  const { admin, app } = useTestDatabases();
  const counted = countingPool(inject('appUrl'));
  afterAll(() => counted.pool.end());

  it("is one statement however many wait, with each one's name; another tenant's patient stays nameless", async () => {
    const tenant = await createTenant(admin);
    const otherTenant = await createTenant(admin);
    const clinician = randomUUID();
    const interpreter = randomUUID();
    await admin.query('INSERT INTO users (id, email, name) VALUES ($1, $2, $3)', [
      interpreter,
      `interpreter-${interpreter}@example.test`,
      'Interpreter Ahmadi',
    ]);
    const patients = Array.from({ length: 6 }, (_, i) => ({
      id: randomUUID(),
      name: `Patient ${i + 1}`,
    }));
    for (const p of patients)
      await admin.query('INSERT INTO patients (id, tenant_id, display_name) VALUES ($1, $2, $3)', [
        p.id,
        tenant,
        p.name,
      ]);
    const foreignPatient = randomUUID();
    await admin.query('INSERT INTO patients (id, tenant_id, display_name) VALUES ($1, $2, $3)', [
      foreignPatient,
      otherTenant,
      'Someone Elsewhere',
    ]);

    const sessions = patients.map((_, i) =>
      sessionFor(tenant, {
        initiatorId: clinician,
        status: 'waiting',
        scheduledStart: new Date(Date.UTC(2026, 4, 1, 9, i * 10)),
      }),
    );
    const waitingPatients = sessions.map((s, i) =>
      participantFor(s, { userId: patients[i]!.id, status: 'waiting', waitingSince: new Date() }),
    );
    const last = sessions.at(-1)!;
    const waitingInterpreter = participantFor(last, {
      role: 'interpreter',
      userId: interpreter,
      status: 'waiting',
      waitingSince: new Date(Date.now() + 1000),
    });
    const stray = sessionFor(tenant, { initiatorId: clinician, status: 'waiting' });
    const strayPatient = participantFor(stray, { userId: foreignPatient, status: 'waiting' });
    await app.unitOfWork.run(tenant, async (s) => {
      for (const session of [...sessions, stray]) await s.sessions.insert(session);
      await s.participants.save([...waitingPatients, waitingInterpreter, strayPatient]);
    });

    const uow = new PgTenantUnitOfWork(counted.pool);
    await uow.read(tenant, (s) => s.waitingRoom.read()); // sets the tenant on the connection
    counted.sent.length = 0;
    const room = await uow.read(tenant, (s) => s.waitingRoom.read());

    expect(counted.sent).toEqual(['vc_waiting_room_read']);
    const names = new Map(room.waiting.map((e) => [e.participantId, e.displayName]));
    waitingPatients.forEach((p, i) => expect(names.get(p.id)).toBe(patients[i]!.name));
    expect(names.get(waitingInterpreter.id)).toBe('Interpreter Ahmadi');
    expect(names.get(strayPatient.id)).toBeNull(); // RLS: the other tenant's registry is not ours to read
    expect(room.waiting).toHaveLength(patients.length + 2);
    expect(room.cliniciansInVisit).toEqual([]);

    // Nobody waiting: still one statement, which still names the clinicians in a visit.
    const quiet = await createTenant(admin);
    const active = sessionFor(quiet, { initiatorId: clinician, status: 'active' });
    await app.unitOfWork.run(quiet, async (s) => {
      await s.sessions.insert(active);
      await s.participants.save([
        participantFor(active, { role: 'provider', userId: clinician, status: 'active' }),
      ]);
    });
    await uow.read(quiet, (s) => s.waitingRoom.read());
    counted.sent.length = 0;
    expect(await uow.read(quiet, (s) => s.waitingRoom.read())).toEqual({
      waiting: [],
      cliniciansInVisit: [clinician],
    });
    expect(counted.sent).toEqual(['vc_waiting_room_read']);
  });
});
