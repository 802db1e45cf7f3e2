import { describe, expect, it } from 'vitest';
import { admitParticipant } from '../src/use-cases/admit-participant.use-case';
import { initiateFallback } from '../src/use-cases/initiate-fallback.use-case';
import { joinSession } from '../src/use-cases/join-session.use-case';
import {
  recordHeartbeat,
  recordProviderHeartbeat,
} from '../src/use-cases/record-heartbeat.use-case';
import { sweepPresence } from '../src/use-cases/sweep-presence.use-case';
import {
  CLINICIAN,
  harness,
  sessionWithWaitingPatient,
  TENANT,
  activeSession,
} from './fakes/harness';
import { expectCode } from './helpers';

describe('heartbeat and sweep', () => {
  it('heartbeat moves an admitted patient to active and tells the waiting room', async () => {
    const h = harness();
    const s = await activeSession(h);
    const beat = await recordHeartbeat(h, { token: s.patientToken });
    expect(beat).toMatchObject({ participantStatus: 'active', sessionStatus: 'active' });
    expect((await recordHeartbeat(h, { token: s.patientToken })).participantStatus).toBe('active');
  });

  it('a heartbeat that changes no status keeps the version and writes only lastSeenAt', async () => {
    const h = harness();
    const s = await activeSession(h);
    const first = await recordHeartbeat(h, { token: s.patientToken }); // admitted -> active: a transition
    const sessionBefore = { ...h.uow.tables.sessions.get(s.sessionId)! };
    const patientBefore = { ...h.uow.tables.participants.get(s.patient.id)! };
    const eventsBefore = h.uow.outbox.length;
    h.uow.participantWrites = [];

    h.clock.advanceSeconds(5);
    const beat = await recordHeartbeat(h, { token: s.patientToken });
    h.clock.advanceSeconds(5);
    await recordHeartbeat(h, { token: s.providerToken });

    expect(beat).toEqual({
      participantStatus: 'active',
      sessionStatus: 'active',
      version: first.version,
    });
    expect(h.uow.tables.sessions.get(s.sessionId)).toEqual(sessionBefore);
    expect(h.uow.tables.participants.get(s.patient.id)).toEqual({
      ...patientBefore,
      lastSeenAt: new Date(patientBefore.lastSeenAt!.getTime() + 5_000),
    });
    expect(h.uow.tables.participants.get(s.provider.id)?.lastSeenAt).toEqual(h.clock.now());
    expect(h.uow.participantWrites).toEqual([
      { kind: 'touch', id: s.patient.id, applied: true },
      { kind: 'touch', id: s.provider.id, applied: true },
    ]);
    expect(h.uow.outbox).toHaveLength(eventsBefore);
  });

  it("a waiting-room heartbeat does not make the clinician's expectedVersion stale", async () => {
    const h = harness();
    const s = await sessionWithWaitingPatient(h);
    const version = h.uow.tables.sessions.get(s.sessionId)!.version;
    for (let i = 0; i < 3; i += 1) {
      h.clock.advanceSeconds(5);
      expect(await recordHeartbeat(h, { token: s.patientToken })).toEqual({
        participantStatus: 'waiting',
        sessionStatus: 'waiting',
        version,
      });
    }
    const admitted = await admitParticipant(h, {
      tenantId: TENANT,
      sessionId: s.sessionId,
      participantId: s.patient.id,
      actorId: CLINICIAN,
      expectedVersion: version,
    });
    expect(admitted.participant.status).toBe('admitted');
    expect(admitted.snapshot.session.version).toBe(version + 1);
  });

  it('transition heartbeats bump the version once: admitted -> active and a reconnect', async () => {
    const h = harness();
    const s = await activeSession(h);
    const v0 = h.uow.tables.sessions.get(s.sessionId)!.version;
    h.uow.participantWrites = [];
    expect(await recordHeartbeat(h, { token: s.patientToken })).toMatchObject({
      participantStatus: 'active',
      version: v0 + 1,
    });
    expect(h.uow.participantWrites).toEqual([{ kind: 'save', ids: [s.patient.id] }]);

    h.clock.advanceSeconds(40);
    await recordHeartbeat(h, { token: s.providerToken }); // presence only
    await sweepPresence(h, { tenantId: TENANT, heartbeatTimeoutSeconds: 30 }); // patient -> disconnected
    const v1 = h.uow.tables.sessions.get(s.sessionId)!.version;
    expect(v1).toBe(v0 + 2);
    h.clock.advanceSeconds(10);
    expect(await recordHeartbeat(h, { token: s.patientToken })).toMatchObject({
      participantStatus: 'active',
      version: v1 + 1,
    });
    expect(h.uow.tables.participants.get(s.patient.id)).toMatchObject({
      status: 'active',
      leftAt: null,
      lastSeenAt: h.clock.now(),
    });
  });

  it("a status change committed between the heartbeat's read and write is kept; the heartbeat retries", async () => {
    const h = harness();
    const s = await sessionWithWaitingPatient(h);
    const v0 = h.uow.tables.sessions.get(s.sessionId)!.version;
    // The clinician's admit commits after the heartbeat read the patient as waiting.
    h.uow.beforeTouchPresence = () =>
      h.uow.concurrently((t) => {
        t.participants.set(s.patient.id, {
          ...t.participants.get(s.patient.id)!,
          status: 'admitted',
          joinedAt: h.clock.now(),
        });
        const row = t.sessions.get(s.sessionId)!;
        t.sessions.set(s.sessionId, { ...row, status: 'active', version: row.version + 1 });
      });
    h.clock.advanceSeconds(5);
    const beat = await recordHeartbeat(h, { token: s.patientToken });
    // Retried from a fresh read: the admit stands and the heartbeat is the admitted -> active transition.
    expect(beat).toEqual({ participantStatus: 'active', sessionStatus: 'active', version: v0 + 2 });
    expect(h.uow.participantWrites.slice(-2)).toEqual([
      { kind: 'touch', id: s.patient.id, applied: false },
      { kind: 'save', ids: [s.patient.id] },
    ]);
  });

  it('a removal committed between read and write wins over the heartbeat', async () => {
    const h = harness();
    const s = await activeSession(h);
    await recordHeartbeat(h, { token: s.patientToken });
    h.uow.beforeTouchPresence = () =>
      h.uow.concurrently((t) => {
        const p = t.participants.get(s.patient.id)!;
        t.participants.set(s.patient.id, {
          ...p,
          status: 'removed',
          removedAt: h.clock.now(),
          removedReason: 'r',
        });
        const row = t.sessions.get(s.sessionId)!;
        t.sessions.set(s.sessionId, { ...row, version: row.version + 1 });
      });
    await expectCode(recordHeartbeat(h, { token: s.patientToken }), 'PARTICIPANT_REMOVED');
    expect(h.uow.tables.participants.get(s.patient.id)?.status).toBe('removed');
  });

  it('a presence touch that keeps losing gives up with OPTIMISTIC_LOCK_CONFLICT and the current version', async () => {
    const h = harness();
    const s = await activeSession(h);
    await recordHeartbeat(h, { token: s.patientToken });
    // Flip the status behind every attempt's back (a flapping connection), bumping the version each time.
    let status: 'active' | 'disconnected' = 'active';
    const flip = () => {
      status = status === 'active' ? 'disconnected' : 'active';
      const leftAt = status === 'disconnected' ? h.clock.now() : null;
      h.uow.concurrently((t) => {
        t.participants.set(s.patient.id, { ...t.participants.get(s.patient.id)!, status, leftAt });
        const row = t.sessions.get(s.sessionId)!;
        t.sessions.set(s.sessionId, { ...row, version: row.version + 1 });
      });
      h.uow.beforeTouchPresence = flip;
      h.uow.beforeSessionUpdate = flip;
    };
    h.uow.beforeTouchPresence = flip;
    const e = await expectCode(
      recordHeartbeat(h, { token: s.patientToken }),
      'OPTIMISTIC_LOCK_CONFLICT',
    );
    // touch refused, reconnect lost the version race, touch refused again: three attempts, then the caller hears it.
    expect(h.uow.participantWrites.filter((w) => w.kind === 'touch' && !w.applied)).toHaveLength(2);
    expect(e.details.currentVersion).toBe(h.uow.tables.sessions.get(s.sessionId)!.version);
  });

  it('an admit saved from a read older than a heartbeat does not move lastSeenAt backwards', async () => {
    const h = harness();
    const s = await sessionWithWaitingPatient(h);
    h.clock.advanceSeconds(5);
    const seen = h.clock.now();
    // The heartbeat's presence touch commits while the admit is between its read and its write.
    h.uow.beforeSessionUpdate = () =>
      h.uow.concurrently((t) =>
        t.participants.set(s.patient.id, {
          ...t.participants.get(s.patient.id)!,
          lastSeenAt: seen,
        }),
      );
    await admitParticipant(h, {
      tenantId: TENANT,
      sessionId: s.sessionId,
      participantId: s.patient.id,
      actorId: CLINICIAN,
    });
    expect(h.uow.tables.participants.get(s.patient.id)).toMatchObject({
      status: 'admitted',
      lastSeenAt: seen,
    });
  });

  it('a clinician in a long visit stays present through their own heartbeats: the visit does not fail', async () => {
    const h = harness();
    const s = await activeSession(h);
    const provider = { tenantId: TENANT, sessionId: s.sessionId, userId: CLINICIAN };
    for (let minute = 0; minute < 5; minute += 1) {
      for (let beat = 0; beat < 12; beat += 1) {
        h.clock.advanceSeconds(5);
        await recordHeartbeat(h, { token: s.patientToken });
        expect(await recordProviderHeartbeat(h, provider)).toMatchObject({
          participantStatus: 'active',
          sessionStatus: 'active',
        });
      }
      await sweepPresence(h, { tenantId: TENANT, heartbeatTimeoutSeconds: 30 });
    }
    expect(h.uow.tables.sessions.get(s.sessionId)?.status).toBe('active');
    expect(
      [...h.uow.tables.participants.values()].map((p) => p.status).sort(),
      'both in the call after five minutes',
    ).toEqual(['active', 'active']);
  });

  it('a provider heartbeat from someone not in the visit is NOT_FOUND', async () => {
    const h = harness();
    const s = await activeSession(h);
    await expectCode(
      recordProviderHeartbeat(h, {
        tenantId: TENANT,
        sessionId: s.sessionId,
        userId: 'someone-else',
      }),
      'NOT_FOUND',
    );
  });

  it('silent participants are disconnected; a heartbeat within grace reconnects them', async () => {
    const h = harness();
    const s = await activeSession(h);
    await recordHeartbeat(h, { token: s.patientToken });
    h.clock.advanceSeconds(40);
    await recordHeartbeat(h, { token: s.providerToken });
    const swept = await sweepPresence(h, { tenantId: TENANT, heartbeatTimeoutSeconds: 30 });
    expect(swept).toEqual({
      disconnectedParticipantIds: [s.patient.id],
      failedSessionIds: [],
      noShowSessionIds: [],
    });
    h.clock.advanceSeconds(15); // 55 s after their last heartbeat: within the 60 s grace window
    expect((await recordHeartbeat(h, { token: s.patientToken })).participantStatus).toBe('active');
  });

  it('a waiting patient who reconnects within grace goes back to waiting', async () => {
    const h = harness();
    const s = await sessionWithWaitingPatient(h);
    h.clock.advanceSeconds(31);
    await sweepPresence(h, { tenantId: TENANT, heartbeatTimeoutSeconds: 30, pageSize: 1 });
    expect((await recordHeartbeat(h, { token: s.patientToken })).participantStatus).toBe('waiting');
  });

  it('US-008: patient gone past graceReconnectSeconds -> session failed (failed.v1), then fallback is allowed', async () => {
    const h = harness();
    const s = await activeSession(h);
    h.clock.advanceSeconds(31);
    await recordHeartbeat(h, { token: s.providerToken });
    await sweepPresence(h, { tenantId: TENANT, heartbeatTimeoutSeconds: 30 });
    // The 60 s grace window counts from the patient's last sign of life (t = 0), not from the sweep (t = 31).
    expect(h.uow.tables.participants.get(s.patient.id)?.leftAt?.getTime()).toBe(
      h.clock.now().getTime() - 31_000,
    );
    h.clock.advanceSeconds(28);
    expect(
      (await sweepPresence(h, { tenantId: TENANT, heartbeatTimeoutSeconds: 300 })).failedSessionIds,
    ).toEqual([]);
    h.clock.advanceSeconds(1);
    const swept = await sweepPresence(h, { tenantId: TENANT, heartbeatTimeoutSeconds: 300 });
    expect(swept.failedSessionIds).toEqual([s.sessionId]);
    expect(h.uow.tables.sessions.get(s.sessionId)).toMatchObject({
      status: 'failed',
      failureReason: 'grace_reconnect_expired',
    });
    expect(h.uow.eventTypes()).toContain('virtual_care.session.failed.v1');
    await expectCode(recordHeartbeat(h, { token: s.patientToken }), 'INVALID_STATUS_TRANSITION');
    expect(
      (await initiateFallback(h, { tenantId: TENANT, sessionId: s.sessionId, actorId: CLINICIAN }))
        .messagingThreadId,
    ).toContain('thread-');
  });

  it('a heartbeat after the grace window is refused; joining again puts the patient in the waiting room', async () => {
    const h = harness();
    const s = await activeSession(h);
    h.clock.advanceSeconds(31);
    await recordHeartbeat(h, { token: s.providerToken });
    await sweepPresence(h, { tenantId: TENANT, heartbeatTimeoutSeconds: 30 });
    h.clock.advanceSeconds(10);
    await recordHeartbeat(h, { token: s.providerToken });
    h.clock.advanceSeconds(55);
    await recordHeartbeat(h, { token: s.providerToken });
    const e = await expectCode(
      recordHeartbeat(h, { token: s.patientToken }),
      'INVALID_STATUS_TRANSITION',
    );
    expect(e.details.reason).toBe('grace_expired');
    expect((await joinSession(h, { token: s.patientToken })).participantStatus).toBe('waiting');
  });

  it('joining within grace after a drop goes straight back into the room', async () => {
    const h = harness();
    const s = await activeSession(h);
    h.clock.advanceSeconds(31);
    await recordHeartbeat(h, { token: s.providerToken });
    await sweepPresence(h, { tenantId: TENANT, heartbeatTimeoutSeconds: 30 });
    expect(await joinSession(h, { token: s.patientToken })).toMatchObject({
      participantStatus: 'active',
      destination: 'direct_join',
    });
  });

  it('a heartbeat before joining is refused', async () => {
    const h = harness();
    const s = await sessionWithWaitingPatient(h);
    const { getJoinToken } = await import('../src/use-cases/get-join-token.use-case');
    const { inviteParticipant } = await import('../src/use-cases/invite-participant.use-case');
    const obs = await inviteParticipant(h, {
      tenantId: TENANT,
      sessionId: s.sessionId,
      userId: 'obs',
      role: 'observer',
    });
    const token = (
      await getJoinToken(h, { tenantId: TENANT, sessionId: s.sessionId, participantId: obs.id })
    ).token;
    await expectCode(recordHeartbeat(h, { token }), 'INVALID_STATUS_TRANSITION');
  });

  it('heartbeats retry an optimistic-lock race instead of failing', async () => {
    const h = harness();
    const s = await activeSession(h);
    h.uow.beforeSessionUpdate = () => {
      const row = h.uow.tables.sessions.get(s.sessionId)!;
      h.uow.tables.sessions.set(s.sessionId, { ...row, version: row.version + 1 });
    };
    expect((await recordHeartbeat(h, { token: s.patientToken })).participantStatus).toBe('active');
  });

  it('the sweep skips a session that keeps conflicting and carries on', async () => {
    const h = harness();
    const s = await activeSession(h);
    h.clock.advanceSeconds(100);
    let bumps = 0;
    const bump = () => {
      bumps += 1;
      const row = h.uow.tables.sessions.get(s.sessionId)!;
      h.uow.tables.sessions.set(s.sessionId, { ...row, version: row.version + 1 });
      if (bumps < 3) h.uow.beforeSessionUpdate = bump;
    };
    h.uow.beforeSessionUpdate = bump;
    expect(await sweepPresence(h, { tenantId: TENANT, heartbeatTimeoutSeconds: 30 })).toEqual({
      disconnectedParticipantIds: [],
      failedSessionIds: [],
      noShowSessionIds: [],
    });
  });

  it('the sweep propagates errors other than conflicts', async () => {
    const h = harness();
    await activeSession(h);
    h.uow.beforeSessionUpdate = () => {
      throw new Error('db down');
    };
    h.clock.advanceSeconds(100);
    await expect(
      sweepPresence(h, { tenantId: TENANT, heartbeatTimeoutSeconds: 30 }),
    ).rejects.toThrow('db down');
  });
});
