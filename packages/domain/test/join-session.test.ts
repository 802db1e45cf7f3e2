import { describe, expect, it } from 'vitest';
import { createVirtualSession } from '../src/use-cases/create-virtual-session.use-case';
import { cancelSession } from '../src/use-cases/cancel-session.use-case';
import { getJoinToken } from '../src/use-cases/get-join-token.use-case';
import { joinSession } from '../src/use-cases/join-session.use-case';
import { removeParticipant } from '../src/use-cases/remove-participant.use-case';
import { validateJoinToken } from '../src/use-cases/validate-join-token.use-case';
import { inviteParticipant } from '../src/use-cases/invite-participant.use-case';
import {
  CLINICIAN,
  createCommand,
  harness,
  sessionWithWaitingPatient,
  TENANT,
  activeSession,
} from './fakes/harness';
import { expectCode } from './helpers';

async function created() {
  const h = harness();
  const s = await createVirtualSession(h, createCommand(h));
  const patient = s.participants.find((p) => p.role === 'patient')!;
  const provider = s.participants.find((p) => p.role === 'provider')!;
  const token = (
    await getJoinToken(h, { tenantId: TENANT, sessionId: s.session.id, participantId: patient.id })
  ).token;
  return { h, sessionId: s.session.id, patient, provider, token };
}

describe('join tokens', () => {
  it('US-002: valid token -> { destination: waiting_room, url, sessionStatus: scheduled }', async () => {
    const { h, token } = await created();
    const result = await validateJoinToken(h, { token });
    expect(result).toMatchObject({
      destination: 'waiting_room',
      sessionStatus: 'scheduled',
      role: 'patient',
    });
    expect(result.url).toContain('/waiting/');
    expect(h.uow.eventTypes()).not.toContain('virtual_care.session.participant.joined.v1');
  });

  it('US-002: expired token -> 401 TOKEN_EXPIRED', async () => {
    const { h, token } = await created();
    h.clock.advanceSeconds(60 * 60 * 2);
    await expectCode(validateJoinToken(h, { token }), 'TOKEN_EXPIRED');
  });

  it('a token before its window opens -> TOKEN_NOT_YET_VALID', async () => {
    const h = harness();
    const start = new Date(h.clock.now().getTime() + 24 * 3600_000);
    const s = await createVirtualSession(
      h,
      createCommand(h, {
        scheduledStart: start,
        scheduledEnd: new Date(start.getTime() + 1800_000),
      }),
    );
    const token = (
      await getJoinToken(h, {
        tenantId: TENANT,
        sessionId: s.session.id,
        participantId: s.participants[1]!.id,
      })
    ).token;
    await expectCode(validateJoinToken(h, { token }), 'TOKEN_NOT_YET_VALID');
  });

  it('a tampered or unreadable token -> TOKEN_INVALID', async () => {
    const { h } = await created();
    await expectCode(validateJoinToken(h, { token: 'abc.forged' }), 'TOKEN_INVALID');
    await expectCode(validateJoinToken(h, { token: 'not-base64!.sig' }), 'TOKEN_INVALID');
  });

  it('US-002: token for a cancelled session -> 409 INVALID_STATUS_TRANSITION', async () => {
    const { h, sessionId, token } = await created();
    await cancelSession(h, {
      tenantId: TENANT,
      sessionId,
      actorId: CLINICIAN,
      reason: 'patient called',
    });
    await expectCode(validateJoinToken(h, { token }), 'INVALID_STATUS_TRANSITION');
    await expectCode(joinSession(h, { token }), 'INVALID_STATUS_TRANSITION');
    await expectCode(
      getJoinToken(h, { tenantId: TENANT, sessionId, participantId: 'x' }),
      'INVALID_STATUS_TRANSITION',
    );
  });

  it('US-002: entering the waiting room publishes participant.joined.v1 with role patient and status waiting', async () => {
    const { h, token } = await created();
    const joined = await joinSession(h, { token });
    expect(joined).toMatchObject({
      destination: 'waiting_room',
      sessionStatus: 'waiting',
      participantStatus: 'waiting',
    });
    const event = h.uow.outbox.find((e) => e.type === 'virtual_care.session.participant.joined.v1');
    expect(event).toMatchObject({ payload: { role: 'patient', participantStatus: 'waiting' } });
  });

  it('joining twice raises the event once', async () => {
    const { h, token } = await created();
    await joinSession(h, { token });
    await joinSession(h, { token });
    expect(h.uow.eventTypes().filter((t) => t.endsWith('participant.joined.v1'))).toHaveLength(1);
  });

  it('providers go direct_join with a moderator video URL', async () => {
    const { h, sessionId, provider } = await created();
    const token = (
      await getJoinToken(h, { tenantId: TENANT, sessionId, participantId: provider.id })
    ).token;
    expect((await validateJoinToken(h, { token })).destination).toBe('direct_join');
    const joined = await joinSession(h, { token });
    expect(joined).toMatchObject({ destination: 'direct_join', participantStatus: 'active' });
    expect(joined.url).toContain('?jwt=');
    expect(h.video.credentials.at(-1)?.moderator).toBe(true);
  });

  it('an admitted patient validating again is sent direct_join', async () => {
    const h = harness();
    const s = await activeSession(h);
    expect((await validateJoinToken(h, { token: s.patientToken })).destination).toBe('direct_join');
  });

  it('a removed participant cannot rejoin on the old token but can after a new invitation', async () => {
    const h = harness();
    const s = await sessionWithWaitingPatient(h);
    await removeParticipant(h, {
      tenantId: TENANT,
      sessionId: s.sessionId,
      participantId: s.patient.id,
      actorId: CLINICIAN,
      reason: 'wrong patient',
    });
    await expectCode(validateJoinToken(h, { token: s.patientToken }), 'PARTICIPANT_REMOVED');
    await expectCode(joinSession(h, { token: s.patientToken }), 'PARTICIPANT_REMOVED');
    await expectCode(
      getJoinToken(h, { tenantId: TENANT, sessionId: s.sessionId, participantId: s.patient.id }),
      'PARTICIPANT_REMOVED',
    );
    const again = await inviteParticipant(h, {
      tenantId: TENANT,
      sessionId: s.sessionId,
      userId: s.patient.userId,
      role: 'patient',
    });
    expect(again.id).not.toBe(s.patient.id);
    const token = (
      await getJoinToken(h, { tenantId: TENANT, sessionId: s.sessionId, participantId: again.id })
    ).token;
    expect((await joinSession(h, { token })).participantStatus).toBe('waiting');
  });

  it('another tenant cannot see the session (NOT_FOUND, not FORBIDDEN)', async () => {
    const { h, sessionId, patient } = await created();
    await expectCode(
      getJoinToken(h, { tenantId: 'tenant-b', sessionId, participantId: patient.id }),
      'NOT_FOUND',
    );
  });

  it('an unknown participant id -> NOT_FOUND', async () => {
    const { h, sessionId } = await created();
    await expectCode(
      getJoinToken(h, { tenantId: TENANT, sessionId, participantId: 'vsp_missing' }),
      'NOT_FOUND',
    );
  });

  it('issuing a token after the window closed -> TOKEN_EXPIRED', async () => {
    const { h, sessionId, patient } = await created();
    h.clock.advanceSeconds(3 * 3600);
    await expectCode(
      getJoinToken(h, { tenantId: TENANT, sessionId, participantId: patient.id }),
      'TOKEN_EXPIRED',
    );
  });
});
