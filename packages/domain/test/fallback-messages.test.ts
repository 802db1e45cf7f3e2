import { describe, expect, it } from 'vitest';
import { endSession } from '../src/use-cases/end-session.use-case';
import { initiateFallback } from '../src/use-cases/initiate-fallback.use-case';
import { listFallbackMessages } from '../src/use-cases/list-fallback-messages.use-case';
import { removeParticipant } from '../src/use-cases/remove-participant.use-case';
import {
  FALLBACK_MESSAGE_MAX_CHARS,
  sendFallbackMessage,
} from '../src/use-cases/send-fallback-message.use-case';
import type { ThreadReader } from '../src/use-cases/shared/fallback-thread.helper';
import { activeSession, CLINICIAN, harness, TENANT, type Harness } from './fakes/harness';
import { expectCode } from './helpers';

type Visit = Awaited<ReturnType<typeof activeSession>>;

function staff(s: Visit, userId = CLINICIAN, tenantId = TENANT): ThreadReader {
  return { kind: 'staff', tenantId, sessionId: s.sessionId, userId };
}

function patient(s: Visit): ThreadReader {
  return { kind: 'join_token', token: s.patientToken };
}

/** An active visit that moved to messages: the thread is open. */
async function visitInMessages(h: Harness) {
  const s = await activeSession(h);
  const { messagingThreadId } = await initiateFallback(h, {
    tenantId: TENANT,
    sessionId: s.sessionId,
    actorId: CLINICIAN,
  });
  return { ...s, threadId: messagingThreadId };
}

function send(h: Harness, reader: ThreadReader, id: string, body: string) {
  return sendFallbackMessage(h, { reader, id, body });
}

function storedBodies(h: Harness, threadId: string) {
  return (h.messaging.threads.get(threadId) ?? []).map((m) => m.body);
}

describe('fallback messages (US-008)', () => {
  it('the patient and the clinician read one thread in send order, each seeing who wrote what', async () => {
    const h = harness();
    const s = await visitInMessages(h);
    const fromPatient = await send(h, patient(s), 'msg_patient_01', 'The video froze');
    expect(fromPatient).toMatchObject({
      id: 'msg_patient_01',
      senderUserId: s.patient.userId,
      senderRole: 'patient',
      mine: true,
      body: 'The video froze',
    });
    await send(h, staff(s), 'msg_clinic_01', 'Let us continue here');

    const clinicianView = await listFallbackMessages(h, { reader: staff(s) });
    expect(clinicianView.messages.map((m) => [m.id, m.senderRole, m.mine])).toEqual([
      ['msg_patient_01', 'patient', false],
      ['msg_clinic_01', 'provider', true],
    ]);
    const patientView = await listFallbackMessages(h, { reader: patient(s) });
    expect(patientView.messages.map((m) => [m.body, m.mine])).toEqual([
      ['The video froze', true],
      ['Let us continue here', false],
    ]);
    const sinceFirst = await listFallbackMessages(h, {
      reader: patient(s),
      after: 'msg_patient_01',
    });
    expect(sinceFirst.messages.map((m) => m.id)).toEqual(['msg_clinic_01']);
  });

  it('a colleague of the clinic who is not a participant writes with no role in the session', async () => {
    const h = harness();
    const s = await visitInMessages(h);
    await send(h, staff(s, 'colleague-1'), 'msg_colleague_1', 'Covering for Dr. A');
    const patientView = await listFallbackMessages(h, { reader: patient(s) });
    expect(patientView.messages).toEqual([
      expect.objectContaining({ senderUserId: 'colleague-1', senderRole: null, mine: false }),
    ]);
  });

  it('the body is trimmed; an empty or too long body and a bad id are refused and nothing is stored', async () => {
    const h = harness();
    const s = await visitInMessages(h);
    const sent = await send(h, patient(s), 'msg_trim_0001', '  Can you hear me?\n ');
    expect(sent.body).toBe('Can you hear me?');

    const empty = await expectCode(
      send(h, patient(s), 'msg_empty_001', ' \n\t '),
      'VALIDATION_FAILED',
    );
    expect(empty.details).toMatchObject({ maxLength: FALLBACK_MESSAGE_MAX_CHARS });
    await expectCode(
      send(h, patient(s), 'msg_long_0001', 'x'.repeat(FALLBACK_MESSAGE_MAX_CHARS + 1)),
      'VALIDATION_FAILED',
    );
    await expectCode(send(h, patient(s), 'short', 'hello'), 'VALIDATION_FAILED');
    await expectCode(send(h, patient(s), 'msg with spaces', 'hello'), 'VALIDATION_FAILED');
    const longest = await send(
      h,
      patient(s),
      'msg_max_00001',
      `  ${'y'.repeat(FALLBACK_MESSAGE_MAX_CHARS)}  `,
    );
    expect(longest.body).toHaveLength(FALLBACK_MESSAGE_MAX_CHARS);
    expect(storedBodies(h, s.threadId)).toEqual([
      'Can you hear me?',
      'y'.repeat(FALLBACK_MESSAGE_MAX_CHARS),
    ]);
  });

  it('a resend with the same id answers the message stored first and stores it once', async () => {
    const h = harness();
    const s = await visitInMessages(h);
    const first = await send(h, patient(s), '01JEXAMPLE0000000000000001', 'Are you there?');
    const again = await send(h, patient(s), '01JEXAMPLE0000000000000001', 'Are you there?');
    expect(again).toEqual(first);
    expect(storedBodies(h, s.threadId)).toEqual(['Are you there?']);
  });

  it('a session that has not moved to messages has no thread to read or write', async () => {
    const h = harness();
    const s = await activeSession(h);
    const read = await expectCode(
      listFallbackMessages(h, { reader: staff(s) }),
      'INVALID_STATUS_TRANSITION',
    );
    expect(read.details).toMatchObject({ currentStatus: 'active' });
    const write = await expectCode(
      send(h, patient(s), 'msg_early_001', 'hello'),
      'INVALID_STATUS_TRANSITION',
    );
    expect(write.details).toMatchObject({ currentStatus: 'active' });
    expect(h.messaging.threads.size).toBe(0);
  });

  it('after the visit ended the clinician still reads the thread; nobody writes and the patient cannot read', async () => {
    const h = harness();
    const s = await visitInMessages(h);
    await send(h, patient(s), 'msg_before_end', 'Thank you');
    await endSession(h, { tenantId: TENANT, sessionId: s.sessionId, actorId: CLINICIAN });

    const history = await listFallbackMessages(h, { reader: staff(s) });
    expect(history.messages.map((m) => m.body)).toEqual(['Thank you']);
    const staffWrite = await expectCode(
      send(h, staff(s), 'msg_after_end1', 'One more thing'),
      'INVALID_STATUS_TRANSITION',
    );
    expect(staffWrite.details).toMatchObject({ currentStatus: 'ended' });
    const patientRead = await expectCode(
      listFallbackMessages(h, { reader: patient(s) }),
      'INVALID_STATUS_TRANSITION',
    );
    expect(patientRead.details).toMatchObject({ currentStatus: 'ended' });
    expect(storedBodies(h, s.threadId)).toEqual(['Thank you']);
  });

  it("another tenant's clinician finds no session", async () => {
    const h = harness();
    const s = await visitInMessages(h);
    await expectCode(
      listFallbackMessages(h, { reader: staff(s, 'clinician-b', 'tenant-b') }),
      'NOT_FOUND',
    );
    await expectCode(
      send(h, staff(s, 'clinician-b', 'tenant-b'), 'msg_tenant_b1', 'hello'),
      'NOT_FOUND',
    );
    expect(storedBodies(h, s.threadId)).toEqual([]);
  });

  it('a removed participant is refused; a link naming nobody in the session is NOT_FOUND', async () => {
    const h = harness();
    const s = await visitInMessages(h);
    await removeParticipant(h, {
      tenantId: TENANT,
      sessionId: s.sessionId,
      participantId: s.patient.id,
      actorId: CLINICIAN,
      reason: 'wrong person',
    });
    await expectCode(listFallbackMessages(h, { reader: patient(s) }), 'PARTICIPANT_REMOVED');
    await expectCode(send(h, patient(s), 'msg_removed_1', 'hello'), 'PARTICIPANT_REMOVED');

    const claims = await h.signer.verify(s.patientToken);
    const stranger = await h.signer.sign({ ...claims, participantId: 'participant-unknown' });
    await expectCode(
      listFallbackMessages(h, { reader: { kind: 'join_token', token: stranger } }),
      'NOT_FOUND',
    );
    expect(storedBodies(h, s.threadId)).toEqual([]);
  });

  it("communication-service's own refusal passes through; its outage is COMMUNICATION_SERVICE_UNAVAILABLE", async () => {
    const h = harness();
    const s = await visitInMessages(h);
    await send(h, patient(s), 'msg_first_001', 'first');
    // Another message under a known id: the service refuses it (the adapter's VALIDATION_FAILED), kept as is.
    const refused = await expectCode(
      send(h, patient(s), 'msg_first_001', 'something else'),
      'VALIDATION_FAILED',
    );
    expect(refused.message).toBe('another message already has this id');

    h.messaging.down = true;
    await expectCode(
      listFallbackMessages(h, { reader: staff(s) }),
      'COMMUNICATION_SERVICE_UNAVAILABLE',
    );
    await expectCode(
      send(h, patient(s), 'msg_second_01', 'second'),
      'COMMUNICATION_SERVICE_UNAVAILABLE',
    );
    expect(storedBodies(h, s.threadId)).toEqual(['first']);
  });
});
