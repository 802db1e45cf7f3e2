/* eslint-disable @typescript-eslint/no-unsafe-member-access -- black-box REST tests read untyped JSON bodies */
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { joinMessages, joinSendMessage, joinStatus } from '../../src';
import { admittedSession, sweepPastGrace, type CreatedSession } from './support/flows';
import { useCommunicationService } from './support/communication-service';
import { useStack } from './support/stack';

const stack = useStack();
const messaging = useCommunicationService(stack);

type Tenant = Awaited<ReturnType<typeof stack.tenant>>;

async function activeSession(): Promise<{ t: Tenant; s: CreatedSession }> {
  const t = await stack.tenant();
  return { t, s: await admittedSession(messaging.face, t.token, t.patientId) };
}

const openThread = async (t: Tenant, s: CreatedSession) => {
  const res = await messaging.face.call('POST', `/sessions/${s.id}/fallback-message`, {
    token: t.token,
    body: {},
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
};
const list = (t: Tenant, s: CreatedSession, after?: string) =>
  messaging.face.call('GET', `/sessions/${s.id}/messages${after ? `?after=${after}` : ''}`, {
    token: t.token,
  });
const send = (t: Tenant, s: CreatedSession, messageId: string, body: string) =>
  messaging.face.call('POST', `/sessions/${s.id}/messages`, {
    token: t.token,
    body: { messageId, body },
  });

describe('US-008 the messaging thread, clinician side (GET/POST /sessions/{id}/messages)', () => {
  it('the clinician writes, reads the thread in send order, and a resend with the same id is stored once', async () => {
    const { t, s } = await activeSession();
    await openThread(t, s);
    const first = ulid();
    const sent = await send(t, s, first, '  Can you hear me? Write here instead.  ');
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body).toMatchObject({
      id: first,
      senderUserId: t.clinicianId,
      senderRole: 'provider',
      mine: true,
      body: 'Can you hear me? Write here instead.',
    });
    const again = await send(t, s, first, 'Can you hear me? Write here instead.');
    expect(again.body).toEqual(sent.body);
    const second = ulid();
    expect((await send(t, s, second, 'Take the tablets twice a day.')).status).toBe(200);

    const all = await list(t, s);
    expect(all.status).toBe(200);
    expect((all.body.messages as Array<{ body: string }>).map((m) => m.body)).toEqual([
      'Can you hear me? Write here instead.',
      'Take the tablets twice a day.',
    ]);
    const newer = await list(t, s, first);
    expect((newer.body.messages as Array<{ id: string }>).map((m) => m.id)).toEqual([second]);
  });

  it('a session without a thread -> 409 INVALID_STATUS_TRANSITION; an empty or too long message -> 400', async () => {
    const { t, s } = await activeSession();
    const res = await list(t, s);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      code: 'INVALID_STATUS_TRANSITION',
      details: { currentStatus: 'active' },
    });
    expect((await send(t, s, ulid(), 'hello')).status).toBe(409);
    await openThread(t, s);
    expect((await send(t, s, ulid(), '   ')).status).toBe(400);
    expect((await send(t, s, ulid(), 'x'.repeat(2001))).status).toBe(400);
    expect((await list(t, s)).body.messages).toEqual([]);
  });

  it("another tenant's session answers 404; a patient's sign-in is refused", async () => {
    const { t, s } = await activeSession();
    await openThread(t, s);
    const other = await stack.tenant();
    expect((await list(other, s)).status).toBe(404);
    expect((await send(other, s, ulid(), 'hello')).status).toBe(404);
    const patient = await stack.tokenFor(t.patientId, t.tenantId, ['patient']);
    const asPatient = await messaging.face.call('GET', `/sessions/${s.id}/messages`, {
      token: patient,
    });
    expect(asPatient.status).toBe(403);
  });

  it('communication-service down -> 503 COMMUNICATION_SERVICE_UNAVAILABLE; the message goes through once it is back', async () => {
    const { t, s } = await activeSession();
    await openThread(t, s);
    const id = ulid();
    messaging.comms.setDown(true);
    try {
      const res = await send(t, s, id, 'Are you there?');
      expect(res.status).toBe(503);
      expect(res.body.code).toBe('COMMUNICATION_SERVICE_UNAVAILABLE');
      expect((await list(t, s)).status).toBe(503);
    } finally {
      messaging.comms.setDown(false);
    }
    expect((await send(t, s, id, 'Are you there?')).status).toBe(200);
    expect((await list(t, s)).body.messages).toHaveLength(1);
  });
});

describe('US-008 the messaging thread, patient side (the join link, no sign-in)', () => {
  it('the patient writes with their link and the clinician reads it as the patient’s; the patient sees both', async () => {
    const { t, s } = await activeSession();
    await openThread(t, s);
    const id = ulid();
    const mine = await joinSendMessage(messaging.face.services, s.patientToken, {
      id,
      body: 'My camera stopped',
    });
    expect(mine).toMatchObject({ id, senderRole: 'patient', mine: true });
    // Sent again after a lost answer (offline queue): still one message.
    await joinSendMessage(messaging.face.services, s.patientToken, {
      id,
      body: 'My camera stopped',
    });
    await send(t, s, ulid(), 'No problem, we continue here.');

    const clinician = await list(t, s);
    expect(clinician.body.messages).toMatchObject([
      { id, senderUserId: t.patientId, senderRole: 'patient', mine: false },
      { senderRole: 'provider', mine: true },
    ]);
    const patient = await joinMessages(messaging.face.services, s.patientToken);
    expect(patient.messages).toMatchObject([
      { body: 'My camera stopped', senderRole: 'patient', mine: true },
      { body: 'No problem, we continue here.', senderRole: 'provider', mine: false },
    ]);
    expect(patient.messages[0]).not.toHaveProperty('senderUserId');
    expect((await joinMessages(messaging.face.services, s.patientToken, id)).messages).toHaveLength(
      1,
    );
    // The page's status poll shows the thread by itself, saying the clinician moved the visit there.
    expect(await joinStatus(messaging.face.services, s.patientToken)).toMatchObject({
      sessionStatus: 'active',
      bandwidthProfile: 'async_text',
      messaging: { reason: 'switched' },
    });
  });

  it('a failed session with a thread: the link still reads and writes it, and its status says why and since when', async () => {
    const { t, s } = await activeSession();
    expect(await sweepPastGrace(messaging.face, t.tenantId)).toEqual([s.id]);
    await expect(joinStatus(messaging.face.services, s.patientToken)).rejects.toMatchObject({
      code: 'INVALID_STATUS_TRANSITION',
    });
    await openThread(t, s);
    const status = await joinStatus(messaging.face.services, s.patientToken);
    expect(status).toMatchObject({
      sessionStatus: 'failed',
      bandwidthProfile: 'async_text',
      meeting: null,
      messaging: {
        threadId: messaging.comms.threadForSession(s.id)?.id,
        reason: 'connection_lost',
      },
    });
    await joinSendMessage(messaging.face.services, s.patientToken, {
      id: ulid(),
      body: 'I am back',
    });
    expect((await list(t, s)).body.messages).toMatchObject([
      { body: 'I am back', senderRole: 'patient' },
    ]);
  });

  it('a removed participant never reaches the thread', async () => {
    const { t, s } = await activeSession();
    const removed = await messaging.face.call(
      'POST',
      `/sessions/${s.id}/remove/${s.patientParticipantId}`,
      {
        token: t.token,
        body: { reason: 'wrong patient' },
      },
    );
    expect(removed.status).toBe(200);
    await openThread(t, s);
    await expect(joinMessages(messaging.face.services, s.patientToken)).rejects.toMatchObject({
      code: 'PARTICIPANT_REMOVED',
    });
    await expect(
      joinSendMessage(messaging.face.services, s.patientToken, { id: ulid(), body: 'hello' }),
    ).rejects.toMatchObject({ code: 'PARTICIPANT_REMOVED' });
    expect((await list(t, s)).body.messages).toEqual([]);
    // Nor once the visit failed and continues in messages without them.
    expect(await sweepPastGrace(messaging.face, t.tenantId)).toEqual([s.id]);
    await expect(joinStatus(messaging.face.services, s.patientToken)).rejects.toMatchObject({
      code: 'PARTICIPANT_REMOVED',
    });
  });
});
