/* eslint-disable @typescript-eslint/no-unsafe-member-access -- black-box REST tests read untyped JSON bodies */
import { describe, expect, it } from 'vitest';
import { rows } from './support/fixtures';
import { createSession, patientWaitsProviderPresent } from './support/flows';
import { useStack } from './support/stack';
import { createContext } from '../../src/edge/context';
import { restError } from '../../src/edge/rest/rest-error';
import { appRouter } from '../../src/edge/app.router';
import { createCallerFactory } from '../../src/edge/trpc';

const stack = useStack();

describe('VCARE-US-002 join session and enter waiting room', () => {
  it('US-002: valid, non-expired token -> { destination: waiting_room, url, sessionStatus: scheduled }', async () => {
    const t = await stack.tenant();
    const s = await createSession(stack.main, t.token, t.patientId);
    const res = await stack.main.call(
      'GET',
      `/sessions/join?token=${encodeURIComponent(s.patientToken)}`,
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      destination: 'waiting_room',
      url: `http://localhost:3000/join/waiting?session=${s.id}`,
      sessionStatus: 'scheduled',
    });
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('US-002: expired join token -> 401 TOKEN_EXPIRED', async () => {
    const t = await stack.tenant();
    const s = await createSession(stack.main, t.token, t.patientId);
    const past = Math.floor(Date.now() / 1000) - 3600;
    const expired = await stack.main.services.deps.signer.sign({
      tenantId: t.tenantId,
      sessionId: s.id,
      participantId: s.patientParticipantId,
      role: 'patient',
      nbf: past - 3600,
      exp: past,
    });
    const res = await stack.main.call('GET', `/sessions/join?token=${expired}`);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('TOKEN_EXPIRED');
  });

  it('US-002: token of a cancelled session -> 409 INVALID_STATUS_TRANSITION', async () => {
    const t = await stack.tenant();
    const s = await createSession(stack.main, t.token, t.patientId);
    const cancelled = await stack.main.call('POST', `/sessions/${s.id}/cancel`, {
      token: t.token,
      body: { reason: 'patient called in sick' },
    });
    expect(cancelled.status).toBe(200);
    const res = await stack.main.call('GET', `/sessions/join?token=${s.patientToken}`);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      code: 'INVALID_STATUS_TRANSITION',
      details: { currentStatus: 'cancelled' },
    });
  });

  it('US-002: entering the waiting room writes participant.joined.v1 with role patient, participantStatus waiting', async () => {
    const t = await stack.tenant();
    const s = await createSession(stack.main, t.token, t.patientId);
    const res = await stack.main.call('POST', '/sessions/join', {
      body: { token: s.patientToken },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      destination: 'waiting_room',
      participantStatus: 'waiting',
      sessionStatus: 'waiting',
    });
    const events = await rows<{ payload: { payload: Record<string, unknown> } }>(
      stack.admin,
      `SELECT payload FROM virtual_care_outbox WHERE tenant_id = $1 AND event_type = 'virtual_care.session.participant.joined.v1'`,
      [t.tenantId],
    );
    expect(events.map((e) => e.payload.payload)).toContainEqual(
      expect.objectContaining({
        role: 'patient',
        participantStatus: 'waiting',
        participantId: s.patientParticipantId,
      }),
    );
  });

  it('a tampered token is refused with 401 TOKEN_INVALID', async () => {
    const t = await stack.tenant();
    const s = await createSession(stack.main, t.token, t.patientId);
    const [payload, mac] = s.patientToken.split('.') as [string, string];
    const flipped = `${payload}.${mac.startsWith('A') ? 'B' : 'A'}${mac.slice(1)}`;
    const res = await stack.main.call('GET', `/sessions/join?token=${flipped}`);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('TOKEN_INVALID');
  });

  it("a removed participant's token is refused with 403 PARTICIPANT_REMOVED", async () => {
    const t = await stack.tenant();
    const s = await createSession(stack.main, t.token, t.patientId);
    await patientWaitsProviderPresent(stack.main, t.token, s);
    const removed = await stack.main.call(
      'POST',
      `/sessions/${s.id}/remove/${s.patientParticipantId}`,
      { token: t.token, body: { reason: 'wrong patient' } },
    );
    expect(removed.status).toBe(200);
    expect(removed.body.participant).toMatchObject({
      status: 'removed',
      removedReason: 'wrong patient',
    });
    const res = await stack.main.call('GET', `/sessions/join?token=${s.patientToken}`);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('PARTICIPANT_REMOVED');
  });

  it('the REST route and the join.validate procedure answer alike (same schema, flow and error mapping)', async () => {
    const t = await stack.tenant();
    const s = await createSession(stack.main, t.token, t.patientId);
    const procedure = createCallerFactory(appRouter)(
      createContext(null, { services: stack.main.services }),
    ).join;
    const tampered = `${s.patientToken.slice(0, -2)}${s.patientToken.endsWith('AA') ? 'AB' : 'AA'}`;
    for (const token of [
      s.patientToken,
      tampered,
      'short',
      `${'a'.repeat(40)}.${'b'.repeat(43)}`,
    ]) {
      const rest = await stack.main.call(
        'GET',
        `/sessions/join?token=${encodeURIComponent(token)}`,
      );
      const expected = await procedure.validate({ token }).then(
        (body) => ({ status: 200, body }),
        (error: unknown) => restError(error),
      );
      const answered: unknown = rest.body;
      expect({ token, status: rest.status, body: answered }).toEqual({ token, ...expected });
    }
    const extra = await stack.main.call(
      'GET',
      `/sessions/join?token=${encodeURIComponent(s.patientToken)}&role=provider`,
    );
    expect(extra.status).toBe(400);
    const twice = await stack.main.call(
      'GET',
      `/sessions/join?token=${encodeURIComponent(s.patientToken)}&token=${encodeURIComponent(s.patientToken)}`,
    );
    expect(twice).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
  });
});

describe('VCARE-US-003 admit patient from waiting room', () => {
  it('US-003: patient waiting and provider present -> admitted, { videoJoinUrl }', async () => {
    const t = await stack.tenant();
    const s = await createSession(stack.main, t.token, t.patientId);
    await patientWaitsProviderPresent(stack.main, t.token, s);
    const res = await stack.main.call('POST', `/sessions/${s.id}/admit/${s.patientParticipantId}`, {
      token: t.token,
      body: {},
    });
    expect(res.status).toBe(200);
    expect(res.body.participant.status).toBe('admitted');
    expect(res.body.videoJoinUrl).toMatch(
      new RegExp(`^${stack.jitsi.url}/${s.body.roomName}\\?jwt=`),
    );
    const status = await stack.main.call('GET', `/sessions/join/status?token=${s.patientToken}`);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ participantStatus: 'admitted', sessionStatus: 'active' });
    expect(status.body.meeting.options.roomName).toBe(s.body.roomName);
  });

  it('US-003: participant not in waiting status -> 409 PARTICIPANT_NOT_IN_WAITING_ROOM', async () => {
    const t = await stack.tenant();
    const s = await createSession(stack.main, t.token, t.patientId);
    await stack.main.call('POST', `/sessions/${s.id}/provider-join`, { token: t.token, body: {} });
    const res = await stack.main.call('POST', `/sessions/${s.id}/admit/${s.patientParticipantId}`, {
      token: t.token,
      body: {},
    });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      code: 'PARTICIPANT_NOT_IN_WAITING_ROOM',
      details: { currentStatus: 'invited' },
    });
  });

  it('US-003: first admit makes the session active and writes session.started.v1', async () => {
    const t = await stack.tenant();
    const s = await createSession(stack.main, t.token, t.patientId);
    await patientWaitsProviderPresent(stack.main, t.token, s);
    const res = await stack.main.call('POST', `/sessions/${s.id}/admit/${s.patientParticipantId}`, {
      token: t.token,
      body: {},
    });
    expect(res.body.session.status).toBe('active');
    expect(res.body.session.actualStart).not.toBeNull();
    const started = await rows(
      stack.admin,
      `SELECT 1 FROM virtual_care_outbox WHERE tenant_id = $1 AND event_type = 'virtual_care.session.started.v1'`,
      [t.tenantId],
    );
    expect(started).toHaveLength(1);
  });

  it('US-003: participant.admitted.v1 carries actorId, participantId and a timestamp (for the audit service)', async () => {
    const t = await stack.tenant();
    const s = await createSession(stack.main, t.token, t.patientId);
    await patientWaitsProviderPresent(stack.main, t.token, s);
    await stack.main.call('POST', `/sessions/${s.id}/admit/${s.patientParticipantId}`, {
      token: t.token,
      body: {},
    });
    const [event] = await rows<{
      payload: { occurredAt: string; payload: Record<string, unknown> };
    }>(
      stack.admin,
      `SELECT payload FROM virtual_care_outbox WHERE tenant_id = $1 AND event_type = 'virtual_care.session.participant.admitted.v1'`,
      [t.tenantId],
    );
    expect(event!.payload.payload).toMatchObject({
      actorId: t.clinicianId,
      participantId: s.patientParticipantId,
    });
    expect(Date.parse(event!.payload.payload.admittedAt as string)).not.toBeNaN();
    const audit = await rows(
      stack.admin,
      `SELECT 1 FROM virtual_care_outbox WHERE tenant_id = $1 AND event_type = 'PARTICIPANT_ADMITTED'`,
      [t.tenantId],
    );
    expect(audit).toHaveLength(1);
  });

  it('heartbeat from the waiting room answers the statuses; participants.list shows the waiting patient', async () => {
    const t = await stack.tenant();
    const s = await createSession(stack.main, t.token, t.patientId);
    await stack.main.call('POST', '/sessions/join', { body: { token: s.patientToken } });
    const beat = await stack.main.call('POST', '/sessions/join/heartbeat', {
      body: { token: s.patientToken },
    });
    expect(beat.body).toEqual({ participantStatus: 'waiting', sessionStatus: 'waiting' });
    const list = await stack.main.call('GET', `/sessions/${s.id}/participants`, { token: t.token });
    expect(list.status).toBe(200);
    expect(list.body.items).toContainEqual(
      expect.objectContaining({
        id: s.patientParticipantId,
        status: 'waiting',
        displayName: 'Test Patient',
      }),
    );
  });
});

describe("the clinician's presence", () => {
  it('POST /sessions/{id}/heartbeat keeps the clinician in the call; someone not in the visit gets 404', async () => {
    const t = await stack.tenant();
    const s = await createSession(stack.main, t.token, t.patientId);
    await patientWaitsProviderPresent(stack.main, t.token, s);
    const beat = await stack.main.call('POST', `/sessions/${s.id}/heartbeat`, {
      token: t.token,
      body: {},
    });
    expect(beat.status, JSON.stringify(beat.body)).toBe(200);
    expect(beat.body).toEqual({ participantStatus: 'active', sessionStatus: 'waiting' });
    const [provider] = await rows<{ last_seen_at: Date }>(
      stack.admin,
      `SELECT last_seen_at FROM virtual_session_participants WHERE session_id = $1 AND role = 'provider'`,
      [s.id],
    );
    expect(Date.now() - (provider?.last_seen_at.getTime() ?? 0)).toBeLessThan(5_000);

    const other = await stack.tenant();
    const foreign = await stack.main.call('POST', `/sessions/${s.id}/heartbeat`, {
      token: other.token,
      body: {},
    });
    expect(foreign.status).toBe(404);
  });
});
