import { describe, expect, it } from 'vitest';
import { admitParticipant } from '../src/use-cases/admit-participant.use-case';
import { cancelSession } from '../src/use-cases/cancel-session.use-case';
import { createVirtualSession } from '../src/use-cases/create-virtual-session.use-case';
import { endSession } from '../src/use-cases/end-session.use-case';
import { getJoinToken } from '../src/use-cases/get-join-token.use-case';
import { getParticipantList } from '../src/use-cases/get-participant-list.use-case';
import { getSessionDetail } from '../src/use-cases/get-session-detail.use-case';
import { getSessionList } from '../src/use-cases/get-session-list.use-case';
import { ingestRecording } from '../src/use-cases/ingest-recording.use-case';
import { initiateFallback } from '../src/use-cases/initiate-fallback.use-case';
import { inviteParticipant } from '../src/use-cases/invite-participant.use-case';
import { joinSession } from '../src/use-cases/join-session.use-case';
import { removeParticipant } from '../src/use-cases/remove-participant.use-case';
import { retryEncounter } from '../src/use-cases/retry-encounter.use-case';
import { defaultTenantConfig } from '../src/config/tenant-config-defaults.value';
import {
  activeSession,
  CLINICIAN,
  createCommand,
  harness,
  PATIENT,
  sessionWithWaitingPatient,
  TENANT,
} from './fakes/harness';
import { expectCode } from './helpers';

describe('admit (US-003)', () => {
  it('US-003: waiting patient + provider present -> admitted, videoJoinUrl returned, session active with started.v1', async () => {
    const h = harness();
    const s = await sessionWithWaitingPatient(h);
    const result = await admitParticipant(h, {
      tenantId: TENANT,
      sessionId: s.sessionId,
      participantId: s.patient.id,
      actorId: CLINICIAN,
    });
    expect(result.participant.status).toBe('admitted');
    expect(result.videoJoinUrl).toContain('?jwt=');
    expect(result.snapshot.session.status).toBe('active');
    expect(result.snapshot.session.actualStart).toEqual(h.clock.now());
    expect(h.uow.eventTypes()).toEqual(
      expect.arrayContaining([
        'virtual_care.session.participant.admitted.v1',
        'virtual_care.session.started.v1',
        'PARTICIPANT_ADMITTED',
      ]),
    );
  });

  it('US-003: admitted.v1 carries actorId, participantId and a timestamp for audit', async () => {
    const h = harness();
    const s = await activeSession(h);
    const event = h.uow.outbox.find(
      (e) => e.type === 'virtual_care.session.participant.admitted.v1',
    );
    expect(event).toMatchObject({
      payload: {
        actorId: CLINICIAN,
        participantId: s.patient.id,
        admittedAt: h.clock.now().toISOString(),
      },
    });
  });

  it('US-003: admitting a participant not in waiting -> 409 PARTICIPANT_NOT_IN_WAITING_ROOM', async () => {
    const h = harness();
    const s = await activeSession(h);
    await expectCode(
      admitParticipant(h, {
        tenantId: TENANT,
        sessionId: s.sessionId,
        participantId: s.patient.id,
        actorId: CLINICIAN,
      }),
      'PARTICIPANT_NOT_IN_WAITING_ROOM',
    );
  });

  it('a second admit does not start the session again', async () => {
    const h = harness();
    const s = await activeSession(h);
    const interp = await inviteParticipant(h, {
      tenantId: TENANT,
      sessionId: s.sessionId,
      userId: 'interp-1',
      role: 'interpreter',
    });
    await joinSession(h, {
      token: (
        await getJoinToken(h, {
          tenantId: TENANT,
          sessionId: s.sessionId,
          participantId: interp.id,
        })
      ).token,
    });
    await admitParticipant(h, {
      tenantId: TENANT,
      sessionId: s.sessionId,
      participantId: interp.id,
      actorId: CLINICIAN,
    });
    expect(h.uow.eventTypes().filter((t) => t === 'virtual_care.session.started.v1')).toHaveLength(
      1,
    );
  });

  it('no provider present -> PROVIDER_NOT_PRESENT', async () => {
    const h = harness();
    const s = await createVirtualSession(h, createCommand(h));
    const patient = s.participants.find((p) => p.role === 'patient')!;
    await joinSession(h, {
      token: (
        await getJoinToken(h, {
          tenantId: TENANT,
          sessionId: s.session.id,
          participantId: patient.id,
        })
      ).token,
    });
    await expectCode(
      admitParticipant(h, {
        tenantId: TENANT,
        sessionId: s.session.id,
        participantId: patient.id,
        actorId: CLINICIAN,
      }),
      'PROVIDER_NOT_PRESENT',
    );
  });

  it('admit on a scheduled session -> INVALID_STATUS_TRANSITION; a stale expectedVersion -> OPTIMISTIC_LOCK_CONFLICT', async () => {
    const h = harness();
    const s = await createVirtualSession(h, createCommand(h));
    await expectCode(
      admitParticipant(h, {
        tenantId: TENANT,
        sessionId: s.session.id,
        participantId: s.participants[1]!.id,
        actorId: CLINICIAN,
      }),
      'INVALID_STATUS_TRANSITION',
    );
    const conflict = await expectCode(
      admitParticipant(h, {
        tenantId: TENANT,
        sessionId: s.session.id,
        participantId: s.participants[1]!.id,
        actorId: CLINICIAN,
        expectedVersion: 99,
      }),
      'OPTIMISTIC_LOCK_CONFLICT',
    );
    expect(conflict.details.currentVersion).toBe(1);
  });

  it('a concurrent writer between load and save -> OPTIMISTIC_LOCK_CONFLICT and the transaction rolls back', async () => {
    const h = harness();
    const s = await sessionWithWaitingPatient(h);
    const before = h.uow.outbox.length;
    h.uow.beforeSessionUpdate = () => {
      const row = h.uow.tables.sessions.get(s.sessionId)!;
      h.uow.tables.sessions.set(s.sessionId, { ...row, version: row.version + 1 });
    };
    const error = await expectCode(
      admitParticipant(h, {
        tenantId: TENANT,
        sessionId: s.sessionId,
        participantId: s.patient.id,
        actorId: CLINICIAN,
      }),
      'OPTIMISTIC_LOCK_CONFLICT',
    );
    expect(typeof error.details.currentVersion).toBe('number');
    expect(h.uow.outbox.length).toBe(before);
    expect(h.uow.tables.participants.get(s.patient.id)?.status).toBe('waiting');
  });
});

describe('remove, invite, cancel', () => {
  it('removes a participant with reason and audits it; removing twice -> INVALID_STATUS_TRANSITION', async () => {
    const h = harness();
    const s = await activeSession(h);
    const { participant: removed } = await removeParticipant(h, {
      tenantId: TENANT,
      sessionId: s.sessionId,
      participantId: s.patient.id,
      actorId: CLINICIAN,
      reason: 'disruptive',
    });
    expect(removed).toMatchObject({
      status: 'removed',
      removedReason: 'disruptive',
      leftAt: h.clock.now(),
    });
    expect(h.uow.eventTypes()).toEqual(
      expect.arrayContaining([
        'virtual_care.session.participant.removed.v1',
        'PARTICIPANT_REMOVED',
      ]),
    );
    await expectCode(
      removeParticipant(h, {
        tenantId: TENANT,
        sessionId: s.sessionId,
        participantId: s.patient.id,
        actorId: CLINICIAN,
        reason: 'x',
      }),
      'INVALID_STATUS_TRANSITION',
    );
  });

  it('removing an invited participant leaves leftAt empty', async () => {
    const h = harness();
    const s = await createVirtualSession(h, createCommand(h));
    const { participant: removed } = await removeParticipant(h, {
      tenantId: TENANT,
      sessionId: s.session.id,
      participantId: s.participants[1]!.id,
      actorId: CLINICIAN,
      reason: 'r',
    });
    expect(removed.leftAt).toBeNull();
  });

  it('maxParticipants is enforced (MAX_PARTICIPANTS_EXCEEDED) and one patient at a time', async () => {
    const h = harness();
    h.uow.tables.configs.set(TENANT, {
      ...defaultTenantConfig(TENANT, h.clock.now()),
      maxParticipants: 3,
      version: 1,
    });
    const s = await createVirtualSession(h, createCommand(h));
    await expectCode(
      inviteParticipant(h, {
        tenantId: TENANT,
        sessionId: s.session.id,
        userId: 'p2',
        role: 'patient',
      }),
      'PATIENT_ALREADY_IN_SESSION',
    );
    const first = await inviteParticipant(h, {
      tenantId: TENANT,
      sessionId: s.session.id,
      userId: 'obs',
      role: 'observer',
    });
    const again = await inviteParticipant(h, {
      tenantId: TENANT,
      sessionId: s.session.id,
      userId: 'obs',
      role: 'observer',
    });
    expect(again.id).toBe(first.id);
    const error = await expectCode(
      inviteParticipant(h, {
        tenantId: TENANT,
        sessionId: s.session.id,
        userId: 'i',
        role: 'interpreter',
      }),
      'MAX_PARTICIPANTS_EXCEEDED',
    );
    expect(error.details.maxParticipants).toBe(3);
  });

  it('cancel before active works; cancel an active session -> INVALID_STATUS_TRANSITION', async () => {
    const h = harness();
    const s = await createVirtualSession(h, createCommand(h));
    const cancelled = await cancelSession(h, {
      tenantId: TENANT,
      sessionId: s.session.id,
      actorId: CLINICIAN,
      reason: 'rescheduled',
      expectedVersion: 1,
    });
    expect(cancelled.session).toMatchObject({ status: 'cancelled', version: 2 });
    expect(h.uow.eventTypes()).toContain('virtual_care.session.cancelled.v1');
    const h2 = harness();
    const active = await activeSession(h2);
    const error = await expectCode(
      cancelSession(h2, {
        tenantId: TENANT,
        sessionId: active.sessionId,
        actorId: CLINICIAN,
        reason: 'x',
      }),
      'INVALID_STATUS_TRANSITION',
    );
    expect(error.details.currentStatus).toBe('active');
  });
});

describe('end session (US-004, US-009)', () => {
  it('US-004: active session ends, encounterId populated, billing event with durationSeconds, patientId, encounterId', async () => {
    const h = harness();
    const s = await activeSession(h);
    h.clock.advanceSeconds(600);
    const ended = await endSession(h, {
      tenantId: TENANT,
      sessionId: s.sessionId,
      actorId: CLINICIAN,
    });
    expect(ended.session).toMatchObject({ status: 'ended', encounterId: 'enc-1' });
    expect(ended.encounterPending).toBe(false);
    const billing = h.uow.outbox.find(
      (e) => e.type === 'virtual_care.billing.session_chargeable.v1',
    );
    expect(
      billing?.type === 'virtual_care.billing.session_chargeable.v1' && billing.payload,
    ).toEqual({
      sessionId: s.sessionId,
      durationSeconds: 600,
      patientId: PATIENT,
      encounterId: 'enc-1',
      modalities: [{ profile: 'video', seconds: 600 }],
      lowestProfile: 'video',
    });
  });

  it('US-004: the Encounter is requested with the patient, the appointment and the provider, keyed by session id', async () => {
    const h = harness();
    const s = await activeSession(h);
    await endSession(h, { tenantId: TENANT, sessionId: s.sessionId, actorId: CLINICIAN });
    expect(h.fhir.calls[0]).toMatchObject({
      sourceId: s.sessionId,
      source: 'virtual_session',
      patientId: PATIENT,
      practitionerIds: [CLINICIAN],
    });
  });

  it('US-004: FHIR down -> still ended with encounterId null, no billing; the retry job creates it later', async () => {
    const h = harness();
    const s = await activeSession(h);
    h.fhir.down = true;
    const ended = await endSession(h, {
      tenantId: TENANT,
      sessionId: s.sessionId,
      actorId: CLINICIAN,
    });
    expect(ended.session).toMatchObject({ status: 'ended', encounterId: null });
    expect(ended.encounterPending).toBe(true);
    expect(h.uow.eventTypes()).not.toContain('virtual_care.billing.session_chargeable.v1');
    const stillDown = await retryEncounter(h, { tenantId: TENANT, sessionId: s.sessionId });
    expect(stillDown).toMatchObject({ created: false, pending: true });
    h.fhir.down = false;
    h.clock.advanceSeconds(120);
    const retried = await retryEncounter(h, { tenantId: TENANT, sessionId: s.sessionId });
    expect(retried).toMatchObject({ created: true, pending: false });
    expect(retried.snapshot.session.encounterId).toBe('enc-1');
    expect(
      h.uow.eventTypes().filter((t) => t === 'virtual_care.billing.session_chargeable.v1'),
    ).toHaveLength(1);
    expect((await retryEncounter(h, { tenantId: TENANT, sessionId: s.sessionId })).created).toBe(
      false,
    );
  });

  it('US-004: ending an ended session returns 200 with the current state (idempotent, no new events)', async () => {
    const h = harness();
    const s = await activeSession(h);
    const first = await endSession(h, {
      tenantId: TENANT,
      sessionId: s.sessionId,
      actorId: CLINICIAN,
    });
    const count = h.uow.outbox.length;
    const second = await endSession(h, {
      tenantId: TENANT,
      sessionId: s.sessionId,
      actorId: CLINICIAN,
      expectedVersion: 1,
    });
    expect(second.session).toEqual(first.session);
    expect(h.uow.outbox.length).toBe(count);
  });

  it('ending a scheduled session -> INVALID_STATUS_TRANSITION; retry on a non-ended session too', async () => {
    const h = harness();
    const s = await createVirtualSession(h, createCommand(h));
    await expectCode(
      endSession(h, { tenantId: TENANT, sessionId: s.session.id, actorId: CLINICIAN }),
      'INVALID_STATUS_TRANSITION',
    );
    await expectCode(
      retryEncounter(h, { tenantId: TENANT, sessionId: s.session.id }),
      'INVALID_STATUS_TRANSITION',
    );
    await expectCode(
      endSession(h, { tenantId: TENANT, sessionId: 'vsn_nope', actorId: CLINICIAN }),
      'NOT_FOUND',
    );
  });

  it('US-006: the ended event carries recordingRef when a recording was ingested', async () => {
    const h = harness();
    h.uow.tables.configs.set(TENANT, {
      ...defaultTenantConfig(TENANT, h.clock.now()),
      recordingEnabled: true,
      version: 1,
    });
    h.consent.granted.add('recording');
    const created = await createVirtualSession(h, createCommand(h, { recordingEnabled: true }));
    const sessionId = created.session.id;
    const [provider, patient] = created.participants;
    await joinSession(h, {
      token: (await getJoinToken(h, { tenantId: TENANT, sessionId, participantId: provider!.id }))
        .token,
    });
    await joinSession(h, {
      token: (await getJoinToken(h, { tenantId: TENANT, sessionId, participantId: patient!.id }))
        .token,
    });
    await admitParticipant(h, {
      tenantId: TENANT,
      sessionId,
      participantId: patient!.id,
      actorId: CLINICIAN,
    });
    await ingestRecording(h, { tenantId: TENANT, sessionId, recordingRef: 'jibri/rec-1' });
    await endSession(h, { tenantId: TENANT, sessionId, actorId: CLINICIAN });
    const ended = h.uow.outbox.find((e) => e.type === 'virtual_care.session.ended.v1');
    expect(ended).toMatchObject({ payload: { recordingRef: 'jibri/rec-1' } });
    expect(h.uow.eventTypes()).toContain('virtual_care.recording.ingested.v1');
    // The same reference again changes nothing; another one never replaces it.
    await ingestRecording(h, { tenantId: TENANT, sessionId, recordingRef: 'jibri/rec-1' });
    const refused = await expectCode(
      ingestRecording(h, { tenantId: TENANT, sessionId, recordingRef: 'jibri/rec-2' }),
      'INVALID_STATUS_TRANSITION',
    );
    expect(refused.details).toMatchObject({ reason: 'recording_already_ingested' });
    expect(
      h.uow.eventTypes().filter((t) => t === 'virtual_care.recording.ingested.v1'),
    ).toHaveLength(1);
  });
});

describe('fallback (US-008)', () => {
  it('US-008: fallback on an active session returns messagingThreadId and emits fallback.initiated.v1 once', async () => {
    const h = harness();
    const s = await activeSession(h);
    const result = await initiateFallback(h, {
      tenantId: TENANT,
      sessionId: s.sessionId,
      actorId: CLINICIAN,
    });
    expect(result.messagingThreadId).toBe(`thread-${s.sessionId}`);
    const again = await initiateFallback(h, {
      tenantId: TENANT,
      sessionId: s.sessionId,
      actorId: CLINICIAN,
    });
    expect(again.messagingThreadId).toBe(result.messagingThreadId);
    expect(
      h.uow.eventTypes().filter((t) => t === 'virtual_care.session.fallback.initiated.v1'),
    ).toHaveLength(1);
  });

  it('US-008: fallback on a session not failed or active -> 409 INVALID_STATUS_TRANSITION', async () => {
    const h = harness();
    const s = await createVirtualSession(h, createCommand(h));
    await expectCode(
      initiateFallback(h, { tenantId: TENANT, sessionId: s.session.id, actorId: CLINICIAN }),
      'INVALID_STATUS_TRANSITION',
    );
  });

  it('communication-service down -> COMMUNICATION_SERVICE_UNAVAILABLE, nothing saved', async () => {
    const h = harness();
    const s = await activeSession(h);
    h.messaging.down = true;
    await expectCode(
      initiateFallback(h, { tenantId: TENANT, sessionId: s.sessionId, actorId: CLINICIAN }),
      'COMMUNICATION_SERVICE_UNAVAILABLE',
    );
    expect(h.uow.tables.sessions.get(s.sessionId)?.messagingThreadId).toBeNull();
  });
});

describe('queries', () => {
  it('detail, participants and a clamped, filtered list', async () => {
    const h = harness();
    const a = await createVirtualSession(h, createCommand(h));
    await createVirtualSession(h, createCommand(h, { patientId: 'patient-2' }));
    expect(
      (await getSessionDetail(h, { tenantId: TENANT, sessionId: a.session.id })).session.id,
    ).toBe(a.session.id);
    expect(await getParticipantList(h, { tenantId: TENANT, sessionId: a.session.id })).toHaveLength(
      2,
    );
    const page = await getSessionList(h, { tenantId: TENANT, limit: 1 });
    expect(page.items).toHaveLength(1);
    expect(page.nextCursor).not.toBeNull();
    const rest = await getSessionList(h, {
      tenantId: TENANT,
      cursor: page.nextCursor,
      limit: 1000,
    });
    expect(rest).toMatchObject({ nextCursor: null });
    expect(
      (await getSessionList(h, { tenantId: TENANT, patientId: 'patient-2', status: ['scheduled'] }))
        .items,
    ).toHaveLength(1);
    expect((await getSessionList(h, { tenantId: 'tenant-b' })).items).toHaveLength(0);
  });
});
