import { describe, expect, it } from 'vitest';
import { admitParticipant } from '../src/use-cases/admit-participant.use-case';
import { cancelSession } from '../src/use-cases/cancel-session.use-case';
import { createVirtualSession } from '../src/use-cases/create-virtual-session.use-case';
import { endSession } from '../src/use-cases/end-session.use-case';
import { getJoinToken } from '../src/use-cases/get-join-token.use-case';
import { getPatientJoinToken } from '../src/use-cases/get-patient-join-token.use-case';
import { getPatientSessions } from '../src/use-cases/get-patient-sessions.use-case';
import { getSessionDetail } from '../src/use-cases/get-session-detail.use-case';
import { getWaitingRoom } from '../src/use-cases/get-waiting-room.use-case';
import { joinSession } from '../src/use-cases/join-session.use-case';
import { markNoShow } from '../src/use-cases/mark-no-show.use-case';
import { recordHeartbeat } from '../src/use-cases/record-heartbeat.use-case';
import { reportRunningLate } from '../src/use-cases/report-running-late.use-case';
import { sweepPresence } from '../src/use-cases/sweep-presence.use-case';
import type { DeviceCheck } from '../src/values/device-check.value';
import {
  CLINICIAN,
  createCommand,
  harness,
  sessionWithWaitingPatient,
  TENANT,
  type Harness,
  activeSession,
} from './fakes/harness';
import { expectCode } from './helpers';

const MINUTE = 60;

async function detail(h: Harness, sessionId: string) {
  return getSessionDetail(h, { tenantId: TENANT, sessionId });
}

/** A visit at `start` minutes from now for `patientId` with `clinicianId`, with its two tokens. */
async function visit(h: Harness, start: number, patientId: string, clinicianId = CLINICIAN) {
  const scheduledStart = new Date(h.clock.now().getTime() + start * 60_000);
  const created = await createVirtualSession(
    h,
    createCommand(h, {
      patientId,
      initiatorId: clinicianId,
      scheduledStart,
      scheduledEnd: new Date(scheduledStart.getTime() + 30 * 60_000),
    }),
  );
  const token = async (role: 'provider' | 'patient') => {
    const p = created.participants.find((q) => q.role === role)!;
    return (
      await getJoinToken(h, {
        tenantId: TENANT,
        sessionId: created.session.id,
        participantId: p.id,
      })
    ).token;
  };
  return {
    sessionId: created.session.id,
    patient: created.participants.find((p) => p.role === 'patient')!,
    patientToken: await token('patient'),
    providerToken: await token('provider'),
  };
}

describe("the patient's arrival, as the waiting card shows it", () => {
  it('records when they first entered and what their device check found; a reconnect keeps the first arrival', async () => {
    const h = harness();
    const v = await visit(h, 5, 'patient-1');
    const check: DeviceCheck = { camera: 'ok', microphone: 'ok', connection: 'poor' };
    const arrived = h.clock.now();
    await joinSession(h, { token: v.patientToken, deviceCheck: check });
    let patient = (await detail(h, v.sessionId)).participants.find((p) => p.role === 'patient')!;
    expect(patient).toMatchObject({ status: 'waiting', waitingSince: arrived, deviceCheck: check });

    h.clock.advanceSeconds(40);
    await sweepPresence(h, { tenantId: TENANT, heartbeatTimeoutSeconds: 30 });
    h.clock.advanceSeconds(5);
    await recordHeartbeat(h, { token: v.patientToken });
    patient = (await detail(h, v.sessionId)).participants.find((p) => p.role === 'patient')!;
    expect(patient.status).toBe('waiting');
    expect(patient.waitingSince).toEqual(arrived);
    expect(patient.deviceCheck).toEqual(check);
  });
});

describe('running late', () => {
  it('the clinician says how late; the waiting room carries it; it can be taken back', async () => {
    const h = harness();
    const v = await visit(h, 5, 'patient-1');
    await joinSession(h, { token: v.patientToken });
    await reportRunningLate(h, { tenantId: TENANT, sessionId: v.sessionId, minutes: 10 });
    const room = await getWaitingRoom(h, { tenantId: TENANT });
    expect(room.waiting).toEqual([
      expect.objectContaining({ sessionId: v.sessionId, runningLateMinutes: 10 }),
    ]);
    await reportRunningLate(h, { tenantId: TENANT, sessionId: v.sessionId, minutes: null });
    expect((await detail(h, v.sessionId)).session.runningLateMinutes).toBeNull();
  });

  it('refuses a visit in progress (409 with the status) and a number of minutes out of range', async () => {
    const h = harness();
    const s = await sessionWithWaitingPatient(h);
    for (const minutes of [0, -5, 2.5, 241])
      await expectCode(
        reportRunningLate(h, { tenantId: TENANT, sessionId: s.sessionId, minutes }),
        'VALIDATION_FAILED',
      );
    await admitParticipant(h, {
      tenantId: TENANT,
      sessionId: s.sessionId,
      participantId: s.patient.id,
      actorId: CLINICIAN,
    });
    const error = await expectCode(
      reportRunningLate(h, { tenantId: TENANT, sessionId: s.sessionId, minutes: 5 }),
      'INVALID_STATUS_TRANSITION',
    );
    expect(error.details).toMatchObject({ currentStatus: 'active' });
  });
});

describe('place in the queue', () => {
  it('counts the patients waiting for the same clinician with an earlier visit, and says when the clinician is in another visit', async () => {
    const h = harness();
    const early = await visit(h, 0, 'patient-1');
    const late = await visit(h, 10, 'patient-2');
    const otherClinician = await visit(h, -10, 'patient-3', 'clinician-2');
    // The later visit's patient arrives first: appointment order still puts the earlier visit ahead.
    await joinSession(h, { token: late.patientToken });
    h.clock.advanceSeconds(60);
    await joinSession(h, { token: early.patientToken });
    await joinSession(h, { token: otherClinician.patientToken });

    let room = await getWaitingRoom(h, { tenantId: TENANT });
    expect(room.waiting.map((e) => e.sessionId)).toEqual([
      otherClinician.sessionId,
      early.sessionId,
      late.sessionId,
    ]);
    expect(room.placeOf(early.sessionId)).toEqual({ ahead: 0, clinicianBusy: false });
    expect(room.placeOf(late.sessionId)).toEqual({ ahead: 1, clinicianBusy: false });
    expect(room.placeOf(otherClinician.sessionId)).toEqual({ ahead: 0, clinicianBusy: false });

    // The clinician starts the earlier visit: the other patient is next, and the clinician is busy.
    await joinSession(h, { token: early.providerToken });
    await admitParticipant(h, {
      tenantId: TENANT,
      sessionId: early.sessionId,
      participantId: early.patient.id,
      actorId: CLINICIAN,
    });
    room = await getWaitingRoom(h, { tenantId: TENANT });
    expect(room.placeOf(late.sessionId)).toEqual({ ahead: 0, clinicianBusy: true });
    expect(room.placeOf(early.sessionId)).toBeNull();
  });
});

describe('no-show', () => {
  it('the sweep cancels a visit whose patient never came once the grace window after the start has passed', async () => {
    const h = harness();
    const v = await visit(h, 5, 'patient-1');
    await joinSession(h, { token: v.providerToken }); // the clinician waited in the room
    const sweep = () => sweepPresence(h, { tenantId: TENANT, heartbeatTimeoutSeconds: 3600 });
    h.clock.advanceSeconds((5 + 29) * MINUTE);
    expect((await sweep()).noShowSessionIds).toEqual([]);
    h.clock.advanceSeconds(MINUTE);
    expect((await sweep()).noShowSessionIds).toEqual([v.sessionId]);
    const { session, participants } = await detail(h, v.sessionId);
    expect(session).toMatchObject({ status: 'cancelled', cancellationReason: 'no_show' });
    expect(participants.find((p) => p.role === 'provider')).toMatchObject({
      status: 'disconnected',
      leftAt: h.clock.now(),
    });
    const cancelled = h.uow.outbox.find((e) => e.type === 'virtual_care.session.cancelled.v1');
    expect(cancelled && 'payload' in cancelled ? cancelled.payload : null).toMatchObject({
      reason: 'no_show',
      cancelledBy: 'system',
    });
    expect((await sweep()).noShowSessionIds).toEqual([]);
  });

  it('a patient who came (even if their connection then dropped) is not a no-show', async () => {
    const h = harness();
    const v = await visit(h, 5, 'patient-1');
    await joinSession(h, { token: v.patientToken });
    h.clock.advanceSeconds(60 * MINUTE);
    const swept = await sweepPresence(h, { tenantId: TENANT, heartbeatTimeoutSeconds: 30 });
    expect(swept.noShowSessionIds).toEqual([]);
    expect((await detail(h, v.sessionId)).session.status).toBe('waiting');
  });

  it('the clinician may record it once the start has passed, not before', async () => {
    const h = harness();
    const v = await visit(h, 5, 'patient-1');
    await expectCode(
      markNoShow(h, { tenantId: TENANT, sessionId: v.sessionId, actorId: CLINICIAN }),
      'INVALID_STATUS_TRANSITION',
    );
    h.clock.advanceSeconds(5 * MINUTE);
    const saved = await markNoShow(h, {
      tenantId: TENANT,
      sessionId: v.sessionId,
      actorId: CLINICIAN,
    });
    expect(saved.session).toMatchObject({ status: 'cancelled', cancellationReason: 'no_show' });
  });
});

describe('after the end, the participants list tells the truth', () => {
  it('ending leaves nobody "in the call": each connected participant left when the visit ended', async () => {
    const h = harness();
    const s = await activeSession(h);
    h.clock.advanceSeconds(600);
    await endSession(h, { tenantId: TENANT, sessionId: s.sessionId, actorId: CLINICIAN });
    const { participants } = await detail(h, s.sessionId);
    for (const p of participants)
      expect(p).toMatchObject({ status: 'disconnected', leftAt: h.clock.now() });
  });

  it('cancelling records its reason', async () => {
    const h = harness();
    const s = await sessionWithWaitingPatient(h);
    await cancelSession(h, {
      tenantId: TENANT,
      sessionId: s.sessionId,
      actorId: CLINICIAN,
      reason: 'patient asked to rebook',
    });
    const { session, participants } = await detail(h, s.sessionId);
    expect(session.cancellationReason).toBe('patient asked to rebook');
    expect(participants.every((p) => p.status === 'disconnected')).toBe(true);
  });
});

describe("the patient's own sessions", () => {
  it('a patient reads only their own sessions and gets a join token only for their own', async () => {
    const h = harness();
    const mine = await visit(h, 5, 'patient-1');
    const theirs = await visit(h, 5, 'patient-2');
    const page = await getPatientSessions(h, { tenantId: TENANT, patientId: 'patient-1' });
    expect(page.items.map((s) => s.id)).toEqual([mine.sessionId]);
    const issued = await getPatientJoinToken(h, {
      tenantId: TENANT,
      patientId: 'patient-1',
      sessionId: mine.sessionId,
    });
    expect(issued.participantId).toBe(mine.patient.id);
    await expectCode(
      getPatientJoinToken(h, {
        tenantId: TENANT,
        patientId: 'patient-1',
        sessionId: theirs.sessionId,
      }),
      'NOT_FOUND',
    );
  });
});
