import { describe, expect, it } from 'vitest';
import type { RecentSessionsPort } from '../src/ports/recent-sessions.port';
import type { SessionSnapshot } from '../src/session/virtual-session.aggregate';
import { admitParticipant } from '../src/use-cases/admit-participant.use-case';
import { cancelSession } from '../src/use-cases/cancel-session.use-case';
import { removeParticipant } from '../src/use-cases/remove-participant.use-case';
import { validateJoinToken } from '../src/use-cases/validate-join-token.use-case';
import {
  CLINICIAN,
  harness,
  sessionWithWaitingPatient,
  TENANT,
  type Harness,
} from './fakes/harness';
import { expectCode } from './helpers';

/**
 * Remembers what it read until told a change was committed; `forgetNothing` plays the moment between a commit
 * and its notice, when a stale snapshot is still recalled.
 */
class RememberedSessions implements RecentSessionsPort {
  readonly kept = new Map<string, SessionSnapshot>();
  reads = 0;

  recall(tenantId: string, sessionId: string): SessionSnapshot | undefined {
    return this.kept.get(`${tenantId}:${sessionId}`);
  }

  async readThrough(
    tenantId: string,
    sessionId: string,
    read: () => Promise<SessionSnapshot | null>,
  ): Promise<SessionSnapshot | null> {
    this.reads += 1;
    const found = await read();
    if (found) this.kept.set(`${tenantId}:${sessionId}`, found);
    return found;
  }

  changed(tenantId: string, sessionId: string): void {
    this.kept.delete(`${tenantId}:${sessionId}`);
  }
}

async function waitingPatientRemembered() {
  const h = harness();
  const s = await sessionWithWaitingPatient(h);
  const recentSessions = new RememberedSessions();
  const deps = { ...h, recentSessions };
  await validateJoinToken(deps, { token: s.patientToken });
  return { h, s, deps, recentSessions };
}

type WaitingPatient = Awaited<ReturnType<typeof sessionWithWaitingPatient>>;

function removePatient(h: Harness, s: WaitingPatient) {
  return removeParticipant(h, {
    tenantId: TENANT,
    sessionId: s.sessionId,
    participantId: s.patient.id,
    actorId: CLINICIAN,
    reason: 'wrong patient',
  });
}

describe('join links answered from recently read sessions (decision 0011)', () => {
  it('a waiting patient is sent to the waiting room from memory, without reading again', async () => {
    const { h, s, deps, recentSessions } = await waitingPatientRemembered();
    const runs = h.uow.runs;
    const answer = await validateJoinToken(deps, { token: s.patientToken });
    expect(answer).toMatchObject({
      destination: 'waiting_room',
      participantStatus: 'waiting',
      participantId: s.patient.id,
    });
    expect(h.uow.runs).toBe(runs);
    expect(recentSessions.reads).toBe(1);
  });

  it('the token is still checked first: a tampered one is refused though its session is remembered', async () => {
    const { deps, s } = await waitingPatientRemembered();
    const [payload] = s.patientToken.split('.');
    await expectCode(validateJoinToken(deps, { token: `${payload}.forged` }), 'TOKEN_INVALID');
  });

  it('video credentials are never signed from memory: a remembered admitted patient is read afresh', async () => {
    const { h, s, deps, recentSessions } = await waitingPatientRemembered();
    await admitParticipant(h, {
      tenantId: TENANT,
      sessionId: s.sessionId,
      participantId: s.patient.id,
      actorId: CLINICIAN,
    });
    recentSessions.changed(TENANT, s.sessionId);
    expect((await validateJoinToken(deps, { token: s.patientToken })).destination).toBe(
      'direct_join',
    );
    // Removed since, and the notice not yet here: the remembered "admitted" must not let the patient in.
    await removePatient(h, s);
    const reads = recentSessions.reads;
    await expectCode(validateJoinToken(deps, { token: s.patientToken }), 'PARTICIPANT_REMOVED');
    expect(recentSessions.reads).toBe(reads + 1);
  });

  it('a removed participant and a closed session are refused from memory: both are final', async () => {
    const { h, s, deps, recentSessions } = await waitingPatientRemembered();
    await removePatient(h, s);
    recentSessions.changed(TENANT, s.sessionId);
    await expectCode(validateJoinToken(deps, { token: s.patientToken }), 'PARTICIPANT_REMOVED');
    await cancelSession(h, {
      tenantId: TENANT,
      sessionId: s.sessionId,
      actorId: CLINICIAN,
      reason: 'patient called',
    });
    recentSessions.changed(TENANT, s.sessionId);
    await expectCode(
      validateJoinToken(deps, { token: s.providerToken }),
      'INVALID_STATUS_TRANSITION',
    );
    const reads = recentSessions.reads;
    await expectCode(
      validateJoinToken(deps, { token: s.providerToken }),
      'INVALID_STATUS_TRANSITION',
    );
    expect(recentSessions.reads).toBe(reads);
  });

  it('a participant the remembered session does not have yet is looked up afresh', async () => {
    const { s, deps, recentSessions } = await waitingPatientRemembered();
    const remembered = recentSessions.recall(TENANT, s.sessionId)!;
    recentSessions.kept.set(`${TENANT}:${s.sessionId}`, {
      ...remembered,
      participants: remembered.participants.filter((p) => p.id !== s.patient.id),
    });
    const reads = recentSessions.reads;
    expect((await validateJoinToken(deps, { token: s.patientToken })).destination).toBe(
      'waiting_room',
    );
    expect(recentSessions.reads).toBe(reads + 1);
  });
});
