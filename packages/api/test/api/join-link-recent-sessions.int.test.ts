/* eslint-disable @typescript-eslint/no-unsafe-member-access -- black-box REST tests read untyped JSON bodies */
import { describe, expect, it, vi } from 'vitest';
import { createSession, patientWaitsProviderPresent } from './support/flows';
import { useStack, type Face } from './support/stack';

const stack = useStack();

/** Decision 0011: GET /sessions/join may answer from recently read sessions, forgotten on every committed change. */
describe('join links and recently read sessions', () => {
  const openLink = (face: Face, token: string) => face.call('GET', `/sessions/join?token=${token}`);
  const remembered = (face: Face, tenantId: string, sessionId: string) =>
    face.services.recentSessions.recall(tenantId, sessionId) !== undefined;

  async function sessionOpenedOn(...faces: Face[]) {
    const t = await stack.tenant();
    const s = await createSession(stack.main, t.token, t.patientId);
    // Opened until remembered: a face just built may still be connecting its listener, and keeps nothing until then.
    for (const face of faces)
      await vi.waitFor(
        async () => {
          expect((await openLink(face, s.patientToken)).status).toBe(200);
          expect(remembered(face, t.tenantId, s.id)).toBe(true);
        },
        { timeout: 10_000, interval: 20 },
      );
    return { t, s };
  }

  it('a link opened again is answered from memory, with no database read', async () => {
    const { s } = await sessionOpenedOn(stack.main);
    const reads = vi.spyOn(stack.main.services.db.unitOfWork, 'read');
    try {
      const again = await openLink(stack.main, s.patientToken);
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ destination: 'waiting_room', sessionStatus: 'scheduled' });
      expect(reads).not.toHaveBeenCalled();
    } finally {
      reads.mockRestore();
    }
  });

  it('a removal is seen at once by the instance that made it, and within moments by another', async () => {
    const other = stack.face({});
    const { t, s } = await sessionOpenedOn(stack.main, other);
    const removed = await stack.main.call(
      'POST',
      `/sessions/${s.id}/remove/${s.patientParticipantId}`,
      { token: t.token, body: { reason: 'wrong patient' } },
    );
    expect(removed.status).toBe(200);
    expect((await openLink(stack.main, s.patientToken)).body.code).toBe('PARTICIPANT_REMOVED');
    await vi.waitFor(
      async () => {
        const res = await openLink(other, s.patientToken);
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('PARTICIPANT_REMOVED');
      },
      { timeout: 2_000, interval: 20 },
    );
  });

  it("another instance's admission is read afresh: the admitted patient goes straight into the room", async () => {
    const other = stack.face({});
    const { t, s } = await sessionOpenedOn(other);
    await patientWaitsProviderPresent(stack.main, t.token, s);
    const admitted = await stack.main.call(
      'POST',
      `/sessions/${s.id}/admit/${s.patientParticipantId}`,
      { token: t.token, body: {} },
    );
    expect(admitted.status).toBe(200);
    await vi.waitFor(
      async () => {
        const res = await openLink(other, s.patientToken);
        expect(res.body).toMatchObject({ destination: 'direct_join', sessionStatus: 'active' });
        expect(res.body.url).toContain('jwt=');
      },
      { timeout: 2_000, interval: 20 },
    );
  });

  it('a change made while the notices are lost is never hidden; once they resume, changes are noticed again', async () => {
    const face = stack.face({});
    const { t, s } = await sessionOpenedOn(face);
    const removeBehindTheApi = (participantId: string) =>
      stack.admin.pool.query(
        `UPDATE virtual_session_participants SET status = 'removed', removed_at = now() WHERE id = $1`,
        [participantId],
      );
    await stack.admin.pool.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE application_name = 'virtual-care-session-changes'`,
    );
    await vi.waitFor(() => expect(remembered(face, t.tenantId, s.id)).toBe(false), {
      timeout: 2_000,
      interval: 5,
    });
    await removeBehindTheApi(s.patientParticipantId); // its notice reaches no one
    expect((await openLink(face, s.patientToken)).body.code).toBe('PARTICIPANT_REMOVED');

    // Every listener reconnects on its own; a session read after that is remembered, and its changes noticed.
    const next = await createSession(stack.main, t.token, t.patientId);
    await vi.waitFor(
      async () => {
        expect((await openLink(face, next.patientToken)).status).toBe(200);
        expect(remembered(face, t.tenantId, next.id)).toBe(true);
      },
      { timeout: 10_000, interval: 50 },
    );
    await removeBehindTheApi(next.patientParticipantId);
    await vi.waitFor(
      async () =>
        expect((await openLink(face, next.patientToken)).body.code).toBe('PARTICIPANT_REMOVED'),
      { timeout: 2_000, interval: 20 },
    );
  });
});
