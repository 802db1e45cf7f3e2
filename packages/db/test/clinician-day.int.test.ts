import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabases } from './support/databases';
import { createTenant, participantFor, sessionFor } from './support/fixtures';

/**
 * The clinician's day in the database: the waiting room read, the columns the waiting card and the list show, and a
 * patient's own reads confined by row-level security (app.patient_id), as the application role.
 */
describe("the clinician's day, in PostgreSQL", () => {
  const { admin, app } = useTestDatabases();
  const uow = app.unitOfWork;
  let tenant: string;
  const clinician = '7a2d3b5f-9e4c-4d6b-8f80-aaaaaaaaaaa1';
  const otherClinician = '7a2d3b5f-9e4c-4d6b-8f80-aaaaaaaaaaa2';
  const at = (iso: string) => new Date(iso);

  beforeAll(async () => {
    tenant = await createTenant(admin);
  });

  it('the waiting room is one read in queue order, with the device check, time waited and running late', async () => {
    const early = sessionFor(tenant, {
      initiatorId: clinician,
      status: 'waiting',
      scheduledStart: at('2026-05-01T09:00:00.000Z'),
      runningLateMinutes: 10,
    });
    const late = sessionFor(tenant, {
      initiatorId: clinician,
      status: 'waiting',
      scheduledStart: at('2026-05-01T09:30:00.000Z'),
    });
    const active = sessionFor(tenant, { initiatorId: otherClinician, status: 'active' });
    const ended = sessionFor(tenant, { initiatorId: clinician, status: 'ended' });
    const check = { camera: 'ok', microphone: 'blocked', connection: 'poor' } as const;
    const waitingEarly = participantFor(early, {
      status: 'waiting',
      waitingSince: at('2026-05-01T09:05:00.000Z'),
      deviceCheck: check,
    });
    const waitingLate = participantFor(late, {
      status: 'waiting',
      waitingSince: at('2026-05-01T08:55:00.000Z'),
    });
    await uow.run(tenant, async (s) => {
      for (const session of [early, late, active, ended]) await s.sessions.insert(session);
      await s.participants.save([
        waitingEarly,
        waitingLate,
        participantFor(active, { role: 'provider', userId: otherClinician, status: 'active' }),
        participantFor(ended, { status: 'waiting' }), // a closed session's leftover is nobody's wait
      ]);
    });

    const { waiting, cliniciansInVisit: inVisit } = await uow.read(tenant, (s) =>
      s.waitingRoom.read(),
    );
    expect(waiting).toEqual([
      {
        sessionId: early.id,
        sessionVersion: 1,
        clinicianId: clinician,
        scheduledStart: early.scheduledStart,
        runningLateMinutes: 10,
        participantId: waitingEarly.id,
        userId: waitingEarly.userId,
        role: 'patient',
        waitingSince: waitingEarly.waitingSince,
        deviceCheck: check,
        displayName: null, // no registry record (names: waiting-room-read.int.test.ts)
      },
      expect.objectContaining({ sessionId: late.id, deviceCheck: null, runningLateMinutes: null }),
    ]);
    expect(inVisit).toEqual([otherClinician]);
    // Another tenant's unit of work sees nobody waiting.
    const other = await createTenant(admin);
    expect((await uow.read(other, (s) => s.waitingRoom.read())).waiting).toEqual([]);
  });

  it('a cancellation reason and running late are stored with the session', async () => {
    const session = sessionFor(tenant);
    await uow.run(tenant, (s) => s.sessions.insert(session));
    const changed = {
      ...session,
      status: 'cancelled' as const,
      cancellationReason: 'no_show',
      version: 2,
    };
    await uow.run(tenant, (s) => s.sessions.update(changed, 1));
    expect(await uow.read(tenant, (s) => s.sessions.findById(session.id))).toMatchObject({
      status: 'cancelled',
      cancellationReason: 'no_show',
      runningLateMinutes: null,
    });
    await expect(
      uow.run(tenant, (s) =>
        s.sessions.update({ ...changed, runningLateMinutes: 0, version: 3 }, 2),
      ),
    ).rejects.toThrow(/running_late_minutes/);
  });

  it('the list pages newest first as well as oldest first', async () => {
    const own = await createTenant(admin);
    const sessions = [1, 2, 3, 4, 5].map((day) =>
      sessionFor(own, { scheduledStart: at(`2026-05-0${day}T09:00:00.000Z`) }),
    );
    await uow.run(own, async (s) => {
      for (const session of sessions) await s.sessions.insert(session);
    });
    const pages = async (order: 'asc' | 'desc') => {
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await uow.read(own, (s) => s.sessions.list({ order, limit: 2, cursor }));
        ids.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
      } while (cursor);
      return ids;
    };
    expect(await pages('desc')).toEqual(sessions.map((s) => s.id).reverse());
    expect(await pages('asc')).toEqual(sessions.map((s) => s.id));
  });

  describe("a patient's own reads", () => {
    let own: string;
    let mine: ReturnType<typeof sessionFor>;
    let theirs: ReturnType<typeof sessionFor>;
    let theirParticipant: ReturnType<typeof participantFor>;

    beforeAll(async () => {
      own = await createTenant(admin);
      mine = sessionFor(own);
      theirs = sessionFor(own);
      theirParticipant = participantFor(theirs, { userId: theirs.patientId });
      await uow.run(own, async (s) => {
        await s.sessions.insert(mine, [participantFor(mine, { userId: mine.patientId })]);
        await s.sessions.insert(theirs, [theirParticipant]);
      });
    });

    it("see only that patient's sessions and participants, even when asking for another's by id", async () => {
      await uow.readForPatient(own, mine.patientId, async (s) => {
        expect((await s.sessions.list({ limit: 100 })).items.map((i) => i.id)).toEqual([mine.id]);
        expect(await s.sessions.findById(theirs.id)).toBeNull();
        expect(await s.sessions.findWithParticipants(theirs.id)).toBeNull();
        expect(await s.participants.findById(theirParticipant.id)).toBeNull();
        expect((await s.sessions.findWithParticipants(mine.id))?.participants).toHaveLength(1);
      });
    });

    it('refuse writes, and leave nothing behind on the pooled connection for the next staff read', async () => {
      await expect(
        uow.readForPatient(own, mine.patientId, (s) =>
          s.sessions.update({ ...mine, version: 2 }, 1),
        ),
      ).rejects.toThrow(/read-only/);
      // Every pooled connection has served a patient read; staff reads on them still see the whole tenant.
      await Promise.all(
        [1, 2, 3, 4].map(() =>
          uow.readForPatient(own, mine.patientId, (s) => s.sessions.list({ limit: 1 })),
        ),
      );
      const seen = await Promise.all(
        [1, 2, 3, 4].map(() => uow.read(own, (s) => s.sessions.list({ limit: 100 }))),
      );
      for (const page of seen) expect(page.items).toHaveLength(2);
    });
  });
});
