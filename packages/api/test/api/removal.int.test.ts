/* eslint-disable @typescript-eslint/no-unsafe-member-access -- black-box REST tests read untyped JSON bodies */
/**
 * Removal means out (issue 19, decision 0040), on the server's side: an admitted patient holds a video token that
 * lives minutes, each status poll hands a fresh one, and once the clinician removed them every way back is refused
 * with PARTICIPANT_REMOVED, with no new video token signed and nothing of theirs recorded.
 */
import { describe, expect, it } from 'vitest';
import { outboxTypes, rows } from './support/fixtures';
import { admittedSession, type CreatedSession } from './support/flows';
import { useStack, type Face } from './support/stack';

const stack = useStack();

interface VideoClaims {
  iat: number;
  exp: number;
  room: string;
  context: { user: { moderator: boolean } };
}

/** The claims of the video token a status answer carries (the page opens the call with it). */
function videoClaims(status: { body: unknown }): VideoClaims {
  const jwt = (status.body as { meeting: { options: { jwt: string } } }).meeting.options.jwt;
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as VideoClaims;
}

const statusOf = (face: Face, session: CreatedSession) =>
  face.call('GET', `/sessions/join/status?token=${encodeURIComponent(session.patientToken)}`);

describe('removal means out: the video token and the join link', () => {
  it("an admitted patient's video token lives ten minutes, or what VIDEO_TOKEN_LIFETIME_SECONDS says", async () => {
    const t = await stack.tenant();
    const s = await admittedSession(stack.main, t.token, t.patientId);
    const status = await statusOf(stack.main, s);
    expect(status.status, JSON.stringify(status.body)).toBe(200);
    const claims = videoClaims(status);
    expect(claims.exp - claims.iat).toBe(600);
    // No power to kick anyone; the name the clinician's page finds them by in the call, which they cannot change.
    expect(claims.context.user.moderator).toBe(false);
    expect(status.body.meeting.options.userInfo).toEqual({ displayName: 'Test Patient' });
    expect(status.body.meeting.options.configOverwrite.readOnlyName).toBe(true);

    const shortLived = stack.face({ VIDEO_TOKEN_LIFETIME_SECONDS: '120' });
    const refreshed = videoClaims(await statusOf(shortLived, s));
    expect(refreshed.exp - refreshed.iat).toBe(120);
    expect(refreshed.room).toBe(claims.room);
  });

  it('removed mid-call: status, heartbeat, entering and a new link are refused; nothing of theirs is recorded', async () => {
    const t = await stack.tenant();
    const s = await admittedSession(stack.main, t.token, t.patientId);
    expect((await statusOf(stack.main, s)).status).toBe(200);

    const removed = await stack.main.call(
      'POST',
      `/sessions/${s.id}/remove/${s.patientParticipantId}`,
      {
        token: t.token,
        body: { reason: 'wrong patient' },
      },
    );
    expect(removed.status, JSON.stringify(removed.body)).toBe(200);
    expect(removed.body.participant).toMatchObject({ status: 'removed' });
    const [before] = await rows<{ status: string; last_seen_at: Date | null }>(
      stack.admin,
      'SELECT status, last_seen_at FROM virtual_session_participants WHERE id = $1',
      [s.patientParticipantId],
    );

    // The page's poll (the way a fresh video token comes) and its heartbeat: refused, no meeting, no token.
    const status = await statusOf(stack.main, s);
    expect(status.status).toBe(403);
    expect(status.body.code).toBe('PARTICIPANT_REMOVED');
    expect(JSON.stringify(status.body)).not.toContain('jwt');
    const beat = await stack.main.call('POST', '/sessions/join/heartbeat', {
      body: { token: s.patientToken },
    });
    expect(beat.status).toBe(403);
    expect(beat.body.code).toBe('PARTICIPANT_REMOVED');

    // Opening the link again, entering the waiting room again, or the clinician issuing them a new link.
    const opened = await stack.main.call(
      'GET',
      `/sessions/join?token=${encodeURIComponent(s.patientToken)}`,
    );
    expect([opened.status, opened.body.code]).toEqual([403, 'PARTICIPANT_REMOVED']);
    const entered = await stack.main.call('POST', '/sessions/join', {
      body: { token: s.patientToken },
    });
    expect([entered.status, entered.body.code]).toEqual([403, 'PARTICIPANT_REMOVED']);
    const relinked = await stack.main.call(
      'POST',
      `/sessions/${s.id}/participants/${s.patientParticipantId}/join-token`,
      { token: t.token, body: {} },
    );
    expect([relinked.status, relinked.body.code]).toEqual([403, 'PARTICIPANT_REMOVED']);

    // Still removed, not seen since: the refused heartbeat and entry wrote nothing; one removal in the audit trail.
    const [after] = await rows<{ status: string; last_seen_at: Date | null }>(
      stack.admin,
      'SELECT status, last_seen_at FROM virtual_session_participants WHERE id = $1',
      [s.patientParticipantId],
    );
    expect(after).toEqual(before);
    expect(after?.status).toBe('removed');
    expect(
      (await outboxTypes(stack.admin, t.tenantId)).filter((e) => e === 'PARTICIPANT_REMOVED'),
    ).toHaveLength(1);
  });
});
