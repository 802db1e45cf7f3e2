/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-argument -- black-box REST tests read untyped JSON bodies */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSession, patientAccount, patientWaitsProviderPresent } from './support/flows';
import { soon, useStack } from './support/stack';

/** The clinician's day and the patient's portal through the REST face, against PostgreSQL and the stand-ins. */
describe("the clinician's day (REST)", () => {
  const stack = useStack();

  it('the waiting room: one read with time waited, device check and place; the patient sees their place', async () => {
    const t = await stack.tenant();
    const first = await createSession(stack.main, t.token, t.patientId);
    const secondPatient = await stack.patient(t.tenantId);
    const second = await createSession(stack.main, t.token, secondPatient, {
      scheduledStart: soon(5),
    });
    const check = { camera: 'off', microphone: 'ok', connection: 'fair' };
    const entered = await stack.main.call('POST', '/sessions/join', {
      body: { token: first.patientToken, deviceCheck: check },
    });
    expect(entered.status, JSON.stringify(entered.body)).toBe(200);
    await stack.main.call('POST', '/sessions/join', { body: { token: second.patientToken } });

    const room = await stack.main.call('GET', '/waiting-room', { token: t.token });
    expect(room.status, JSON.stringify(room.body)).toBe(200);
    expect(room.body.items).toEqual([
      expect.objectContaining({
        sessionId: first.id,
        participantId: first.patientParticipantId,
        role: 'patient',
        displayName: 'Test Patient',
        mine: true,
        deviceCheck: check,
        place: { ahead: 0, clinicianBusy: false },
      }),
      expect.objectContaining({
        sessionId: second.id,
        deviceCheck: null,
        place: { ahead: 1, clinicianBusy: false },
      }),
    ]);
    expect(Date.parse(room.body.items[0].waitingSince)).toBeLessThanOrEqual(Date.now());

    const status = await stack.main.call(
      'GET',
      `/sessions/join/status?token=${second.patientToken}`,
    );
    expect(status.body).toMatchObject({ queue: { ahead: 1, clinicianBusy: false } });

    // Another tenant's clinician sees nobody; a patient may not read the waiting room.
    const other = await stack.tenant();
    expect((await stack.main.call('GET', '/waiting-room', { token: other.token })).body).toEqual({
      items: [],
    });
    const patientToken = await stack.tokenFor(randomUUID(), t.tenantId, ['patient']);
    expect((await stack.main.call('GET', '/waiting-room', { token: patientToken })).status).toBe(
      403,
    );
  });

  it('a malformed device check is refused by the API (the patient page leaves it out instead)', async () => {
    const t = await stack.tenant();
    const s = await createSession(stack.main, t.token, t.patientId);
    const res = await stack.main.call('POST', '/sessions/join', {
      body: { token: s.patientToken, deviceCheck: { camera: 'great' } },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });

  it('running late reaches the waiting patient; refused once the visit is under way, 404 for another tenant', async () => {
    const t = await stack.tenant();
    const s = await createSession(stack.main, t.token, t.patientId);
    await stack.main.call('POST', '/sessions/join', { body: { token: s.patientToken } });
    const late = await stack.main.call('POST', `/sessions/${s.id}/running-late`, {
      token: t.token,
      body: { minutes: 15 },
    });
    expect(late.status, JSON.stringify(late.body)).toBe(200);
    expect(late.body.runningLateMinutes).toBe(15);
    const status = await stack.main.call('GET', `/sessions/join/status?token=${s.patientToken}`);
    expect(status.body.runningLateMinutes).toBe(15);

    const bad = await stack.main.call('POST', `/sessions/${s.id}/running-late`, {
      token: t.token,
      body: { minutes: 0 },
    });
    expect(bad.status).toBe(400);
    const other = await stack.tenant();
    const foreign = await stack.main.call('POST', `/sessions/${s.id}/running-late`, {
      token: other.token,
      body: { minutes: 5 },
    });
    expect(foreign.status).toBe(404);

    await stack.main.call('POST', `/sessions/${s.id}/provider-join`, { token: t.token, body: {} });
    await stack.main.call('POST', `/sessions/${s.id}/admit/${s.patientParticipantId}`, {
      token: t.token,
      body: {},
    });
    const tooLate = await stack.main.call('POST', `/sessions/${s.id}/running-late`, {
      token: t.token,
      body: { minutes: null },
    });
    expect(tooLate.status).toBe(409);
    expect(tooLate.body).toMatchObject({
      code: 'INVALID_STATUS_TRANSITION',
      details: { currentStatus: 'active' },
    });
  });

  it('no-show: refused before the start; after it, cancelled with its reason, and the link says so', async () => {
    const t = await stack.tenant();
    const upcoming = await createSession(stack.main, t.token, t.patientId);
    const early = await stack.main.call('POST', `/sessions/${upcoming.id}/no-show`, {
      token: t.token,
      body: {},
    });
    expect(early.status).toBe(409);
    // The visit room says when the worker will record it: the tenant's grace window after the start.
    const detail = await stack.main.call('GET', `/sessions/${upcoming.id}`, { token: t.token });
    expect(Date.parse(detail.body.noShowAt)).toBe(
      Date.parse(detail.body.scheduledStart) + 30 * 60_000,
    );

    const started = await createSession(stack.main, t.token, t.patientId, {
      scheduledStart: new Date(Date.now() - 60_000).toISOString(),
    });
    const marked = await stack.main.call('POST', `/sessions/${started.id}/no-show`, {
      token: t.token,
      body: {},
    });
    expect(marked.status, JSON.stringify(marked.body)).toBe(200);
    expect(marked.body).toMatchObject({ status: 'cancelled', cancellationReason: 'no_show' });
    const link = await stack.main.call('GET', `/sessions/join?token=${started.patientToken}`);
    expect(link.status).toBe(409);
    expect(link.body.details).toEqual({ currentStatus: 'cancelled', reason: 'no_show' });

    // A cancellation in the clinician's own words never reaches the patient's link.
    const other = await createSession(stack.main, t.token, t.patientId);
    await stack.main.call('POST', `/sessions/${other.id}/cancel`, {
      token: t.token,
      body: { reason: 'Mariam asked to rebook for her back pain' },
    });
    const otherLink = await stack.main.call('GET', `/sessions/join?token=${other.patientToken}`);
    expect(otherLink.body.details).toEqual({ currentStatus: 'cancelled' });
  });

  it('after the end, nobody is "in the call": each participant has left', async () => {
    const t = await stack.tenant();
    const s = await createSession(stack.main, t.token, t.patientId);
    await patientWaitsProviderPresent(stack.main, t.token, s);
    await stack.main.call('POST', `/sessions/${s.id}/admit/${s.patientParticipantId}`, {
      token: t.token,
      body: {},
    });
    await stack.main.call('POST', `/sessions/${s.id}/end`, { token: t.token, body: {} });
    const detail = await stack.main.call('GET', `/sessions/${s.id}`, { token: t.token });
    for (const p of detail.body.participants as Array<{ status: string; leftAt: string | null }>) {
      expect(p.status).toBe('disconnected');
      expect(p.leftAt).toBe(detail.body.actualEnd);
    }
  });

  it('the list comes newest first when asked', async () => {
    const t = await stack.tenant();
    const a = await createSession(stack.main, t.token, t.patientId, { scheduledStart: soon(3) });
    const b = await createSession(stack.main, t.token, t.patientId, { scheduledStart: soon(6) });
    const list = await stack.main.call('GET', '/sessions?order=desc', { token: t.token });
    expect((list.body.items as Array<{ id: string }>).map((i) => i.id)).toEqual([b.id, a.id]);
  });
});

describe("the patient's own sessions (REST)", () => {
  const stack = useStack();

  it('GET /sessions answers a patient their own sessions only; a join token only for their own', async () => {
    const t = await stack.tenant();
    const mine = await createSession(stack.main, t.token, t.patientId);
    const someoneElse = await stack.patient(t.tenantId);
    const theirs = await createSession(stack.main, t.token, someoneElse);
    const patient = await patientAccount(stack, t.tenantId, t.patientId);

    const list = await stack.main.call('GET', '/sessions', { token: patient });
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    expect((list.body.items as Array<{ id: string }>).map((i) => i.id)).toEqual([mine.id]);
    // Asking for another patient's sessions changes nothing.
    const asked = await stack.main.call('GET', `/sessions?patientId=${someoneElse}`, {
      token: patient,
    });
    expect((asked.body.items as Array<{ id: string }>).map((i) => i.id)).toEqual([mine.id]);

    const issued = await stack.main.call('POST', `/sessions/${mine.id}/patient-join-token`, {
      token: patient,
      body: {},
    });
    expect(issued.status, JSON.stringify(issued.body)).toBe(200);
    const link = await stack.main.call('GET', `/sessions/join?token=${issued.body.token}`);
    expect(link.body).toMatchObject({ destination: 'waiting_room' });

    const refused = await stack.main.call('POST', `/sessions/${theirs.id}/patient-join-token`, {
      token: patient,
      body: {},
    });
    expect(refused.status).toBe(404);
    // A clinician's token is not a patient's.
    const clinician = await stack.main.call('POST', `/sessions/${mine.id}/patient-join-token`, {
      token: t.token,
      body: {},
    });
    expect(clinician.status).toBe(403);
  });

  it('an account with no patient record sees no sessions', async () => {
    const t = await stack.tenant();
    await createSession(stack.main, t.token, t.patientId);
    const stranger = await stack.tokenFor(randomUUID(), t.tenantId, ['patient']);
    const list = await stack.main.call('GET', '/sessions', { token: stranger });
    expect(list.body).toEqual({ items: [], nextCursor: null });
  });
});
