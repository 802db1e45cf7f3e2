/* eslint-disable @typescript-eslint/no-unsafe-member-access -- black-box REST tests read untyped JSON bodies */
import { describe, expect, it } from 'vitest';
import { rows } from './support/fixtures';
import { admittedSession, createSession } from './support/flows';
import { useStack } from './support/stack';

/**
 * The heartbeat of a waiting patient is one statement (issue 20); every other heartbeat still goes through the
 * session, so what the patient and the clinician see does not change.
 */
const stack = useStack();

async function lastSeenOf(participantId: string): Promise<Date | null> {
  const [row] = await rows<{ last_seen_at: Date | null }>(
    stack.admin,
    'SELECT last_seen_at FROM virtual_session_participants WHERE id = $1',
    [participantId],
  );
  return row?.last_seen_at ?? null;
}

async function versionOf(token: string, sessionId: string): Promise<number> {
  const detail = await stack.main.call('GET', `/sessions/${sessionId}`, { token });
  expect(detail.status).toBe(200);
  return detail.body.version as number;
}

const heartbeat = (patientToken: string) =>
  stack.main.call('POST', '/sessions/join/heartbeat', { body: { token: patientToken } });

describe('the patient heartbeat', () => {
  it("keeps a waiting patient present without changing the session's version", async () => {
    const t = await stack.tenant();
    const s = await createSession(stack.main, t.token, t.patientId);
    const entered = await stack.main.call('POST', '/sessions/join', {
      body: { token: s.patientToken },
    });
    expect(entered.status).toBe(200);
    const version = await versionOf(t.token, s.id);
    const before = await lastSeenOf(s.patientParticipantId);

    const beat = await heartbeat(s.patientToken);
    expect(beat.status).toBe(200);
    expect(beat.body).toEqual({ participantStatus: 'waiting', sessionStatus: 'waiting' });
    const after = await lastSeenOf(s.patientParticipantId);
    expect(after!.getTime()).toBeGreaterThanOrEqual(before?.getTime() ?? 0);
    expect(after).not.toBeNull();
    // A clinician's form holding the version is not made stale by the patient's polling.
    expect(await versionOf(t.token, s.id)).toBe(version);
  });

  it('still moves an admitted patient into the call, and brings back one who dropped within grace', async () => {
    const t = await stack.tenant();
    const admitted = await admittedSession(stack.main, t.token, t.patientId);
    const version = await versionOf(t.token, admitted.id);
    const beat = await heartbeat(admitted.patientToken);
    expect(beat.body).toEqual({ participantStatus: 'active', sessionStatus: 'active' });
    expect(await versionOf(t.token, admitted.id)).toBe(version + 1);

    const s = await createSession(stack.main, t.token, t.patientId);
    await stack.main.call('POST', '/sessions/join', { body: { token: s.patientToken } });
    // The sweep's verdict on a silent patient, a moment ago.
    await stack.admin.pool.query(
      `UPDATE virtual_session_participants SET status = 'disconnected', left_at = now() WHERE id = $1`,
      [s.patientParticipantId],
    );
    const back = await heartbeat(s.patientToken);
    expect(back.body).toEqual({ participantStatus: 'waiting', sessionStatus: 'waiting' });
  });

  it('is refused once the clinician cancelled the visit, and records nothing', async () => {
    const t = await stack.tenant();
    const s = await createSession(stack.main, t.token, t.patientId);
    await stack.main.call('POST', '/sessions/join', { body: { token: s.patientToken } });
    const cancelled = await stack.main.call('POST', `/sessions/${s.id}/cancel`, {
      token: t.token,
      body: { reason: 'clinician unavailable' },
    });
    expect(cancelled.status).toBe(200);
    const before = await lastSeenOf(s.patientParticipantId);

    const beat = await heartbeat(s.patientToken);
    expect(beat.status).toBe(409);
    expect(beat.body).toMatchObject({
      code: 'INVALID_STATUS_TRANSITION',
      details: { currentStatus: 'cancelled' },
    });
    expect(await lastSeenOf(s.patientParticipantId)).toEqual(before);
  });
});
