import { describe, expect, it } from 'vitest';
import { admitParticipant } from '../src/use-cases/admit-participant.use-case';
import { initiateFallback } from '../src/use-cases/initiate-fallback.use-case';
import { joinSession } from '../src/use-cases/join-session.use-case';
import { recordHeartbeat } from '../src/use-cases/record-heartbeat.use-case';
import { sweepPresence } from '../src/use-cases/sweep-presence.use-case';
import { CLINICIAN, harness, sessionWithWaitingPatient, TENANT, type Harness } from './fakes/harness';
import { expectCode } from './helpers';

async function active(h: Harness) {
  const s = await sessionWithWaitingPatient(h);
  await admitParticipant(h, { tenantId: TENANT, sessionId: s.sessionId, participantId: s.patient.id, actorId: CLINICIAN });
  return s;
}

describe('heartbeat and sweep', () => {
  it('heartbeat moves an admitted patient to active and tells the waiting room', async () => {
    const h = harness();
    const s = await active(h);
    const beat = await recordHeartbeat(h, { token: s.patientToken });
    expect(beat).toMatchObject({ participantStatus: 'active', sessionStatus: 'active' });
    expect((await recordHeartbeat(h, { token: s.patientToken })).participantStatus).toBe('active');
  });

  it('silent participants are disconnected; a heartbeat within grace reconnects them', async () => {
    const h = harness();
    const s = await active(h);
    await recordHeartbeat(h, { token: s.patientToken });
    h.clock.advanceSeconds(40);
    await recordHeartbeat(h, { token: s.providerToken });
    const swept = await sweepPresence(h, { tenantId: TENANT, heartbeatTimeoutSeconds: 30 });
    expect(swept).toEqual({ disconnectedParticipantIds: [s.patient.id], failedSessionIds: [] });
    h.clock.advanceSeconds(20);
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
    const s = await active(h);
    h.clock.advanceSeconds(31);
    await recordHeartbeat(h, { token: s.providerToken });
    await sweepPresence(h, { tenantId: TENANT, heartbeatTimeoutSeconds: 30 });
    h.clock.advanceSeconds(59);
    expect((await sweepPresence(h, { tenantId: TENANT, heartbeatTimeoutSeconds: 300 })).failedSessionIds).toEqual([]);
    h.clock.advanceSeconds(1);
    const swept = await sweepPresence(h, { tenantId: TENANT, heartbeatTimeoutSeconds: 300 });
    expect(swept.failedSessionIds).toEqual([s.sessionId]);
    expect(h.uow.tables.sessions.get(s.sessionId)).toMatchObject({ status: 'failed', failureReason: 'grace_reconnect_expired' });
    expect(h.uow.eventTypes()).toContain('virtual_care.session.failed.v1');
    await expectCode(recordHeartbeat(h, { token: s.patientToken }), 'INVALID_STATUS_TRANSITION');
    expect((await initiateFallback(h, { tenantId: TENANT, sessionId: s.sessionId, actorId: CLINICIAN })).messagingThreadId).toContain('thread-');
  });

  it('a heartbeat after the grace window is refused; joining again puts the patient in the waiting room', async () => {
    const h = harness();
    const s = await active(h);
    h.clock.advanceSeconds(31);
    await recordHeartbeat(h, { token: s.providerToken });
    await sweepPresence(h, { tenantId: TENANT, heartbeatTimeoutSeconds: 30 });
    h.clock.advanceSeconds(10);
    await recordHeartbeat(h, { token: s.providerToken });
    h.clock.advanceSeconds(55);
    await recordHeartbeat(h, { token: s.providerToken });
    const e = await expectCode(recordHeartbeat(h, { token: s.patientToken }), 'INVALID_STATUS_TRANSITION');
    expect(e.details.reason).toBe('grace_expired');
    expect((await joinSession(h, { token: s.patientToken })).participantStatus).toBe('waiting');
  });

  it('joining within grace after a drop goes straight back into the room', async () => {
    const h = harness();
    const s = await active(h);
    h.clock.advanceSeconds(31);
    await recordHeartbeat(h, { token: s.providerToken });
    await sweepPresence(h, { tenantId: TENANT, heartbeatTimeoutSeconds: 30 });
    expect(await joinSession(h, { token: s.patientToken })).toMatchObject({ participantStatus: 'active', destination: 'direct_join' });
  });

  it('a heartbeat before joining is refused', async () => {
    const h = harness();
    const s = await sessionWithWaitingPatient(h);
    const { getJoinToken } = await import('../src/use-cases/get-join-token.use-case');
    const { inviteParticipant } = await import('../src/use-cases/invite-participant.use-case');
    const obs = await inviteParticipant(h, { tenantId: TENANT, sessionId: s.sessionId, userId: 'obs', role: 'observer' });
    const token = (await getJoinToken(h, { tenantId: TENANT, sessionId: s.sessionId, participantId: obs.id })).token;
    await expectCode(recordHeartbeat(h, { token }), 'INVALID_STATUS_TRANSITION');
  });

  it('heartbeats retry an optimistic-lock race instead of failing', async () => {
    const h = harness();
    const s = await active(h);
    h.uow.beforeSessionUpdate = () => {
      const row = h.uow.tables.sessions.get(s.sessionId)!;
      h.uow.tables.sessions.set(s.sessionId, { ...row, version: row.version + 1 });
    };
    expect((await recordHeartbeat(h, { token: s.patientToken })).participantStatus).toBe('active');
  });

  it('the sweep skips a session that keeps conflicting and carries on', async () => {
    const h = harness();
    const s = await active(h);
    h.clock.advanceSeconds(100);
    let bumps = 0;
    const bump = () => {
      bumps += 1;
      const row = h.uow.tables.sessions.get(s.sessionId)!;
      h.uow.tables.sessions.set(s.sessionId, { ...row, version: row.version + 1 });
      if (bumps < 3) h.uow.beforeSessionUpdate = bump;
    };
    h.uow.beforeSessionUpdate = bump;
    expect(await sweepPresence(h, { tenantId: TENANT, heartbeatTimeoutSeconds: 30 })).toEqual({ disconnectedParticipantIds: [], failedSessionIds: [] });
  });

  it('the sweep propagates errors other than conflicts', async () => {
    const h = harness();
    await active(h);
    h.uow.beforeSessionUpdate = () => {
      throw new Error('db down');
    };
    h.clock.advanceSeconds(100);
    await expect(sweepPresence(h, { tenantId: TENANT, heartbeatTimeoutSeconds: 30 })).rejects.toThrow('db down');
  });
});
