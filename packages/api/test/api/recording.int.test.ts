/* eslint-disable @typescript-eslint/no-unsafe-member-access -- black-box REST tests read untyped JSON bodies */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { outboxTypes, rows } from './support/fixtures';
import { createSession, patientWaitsProviderPresent, type CreatedSession } from './support/flows';
import { useStack } from './support/stack';

const stack = useStack();

type Tenant = Awaited<ReturnType<typeof stack.tenant>>;

const INGESTED = 'virtual_care.recording.ingested.v1';
const ENDED = 'virtual_care.session.ended.v1';
const REF = 's3://recordings/clinic/vsn-rec-1.mp4';

/** A tenant, its recorder's bearer token and an active session with recording enabled (consent on file). */
async function recordedSession(): Promise<{ t: Tenant; recorder: string; s: CreatedSession }> {
  const t = await stack.tenant();
  const recorder = await stack.tokenFor(randomUUID(), t.tenantId, ['recorder']);
  const s = await createSession(stack.main, t.token, t.patientId, { recordingEnabled: true });
  await patientWaitsProviderPresent(stack.main, t.token, s);
  const admitted = await stack.main.call(
    'POST',
    `/sessions/${s.id}/admit/${s.patientParticipantId}`,
    { token: t.token, body: {} },
  );
  expect(admitted.status, JSON.stringify(admitted.body)).toBe(200);
  return { t, recorder, s };
}

const ingest = (
  sessionId: string,
  token: string | null,
  body: Record<string, unknown> = { recordingRef: REF },
) => stack.main.call('POST', `/sessions/${sessionId}/recording`, { token, body });

const payloads = async (tenantId: string, type: string) =>
  (
    await rows<{ payload: { payload: Record<string, unknown> } }>(
      stack.admin,
      'SELECT payload FROM virtual_care_outbox WHERE tenant_id = $1 AND event_type = $2 ORDER BY seq',
      [tenantId, type],
    )
  ).map((r) => r.payload.payload);

describe('VCARE-US-006 recording ingestion (Jibri finalize callback)', () => {
  it('US-006: Given a session ends with recording, when virtual_care.session.ended.v1 is emitted, then recordingRef is included if Jibri recording was completed', async () => {
    const { t, recorder, s } = await recordedSession();
    const res = await ingest(s.id, recorder, { recordingRef: REF, durationSeconds: 95 });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      id: s.id,
      status: 'active',
      recordingEnabled: true,
      recordingRef: REF,
    });

    const ended = await stack.main.call('POST', `/sessions/${s.id}/end`, { token: t.token });
    expect(ended.status).toBe(200);
    expect(ended.body.recordingRef).toBe(REF);
    expect(await payloads(t.tenantId, ENDED)).toEqual([
      expect.objectContaining({ sessionId: s.id, recordingRef: REF }),
    ]);
    expect(await payloads(t.tenantId, INGESTED)).toEqual([{ sessionId: s.id, recordingRef: REF }]);
    const [row] = await rows<{ recording_ref: string }>(
      stack.admin,
      'SELECT recording_ref FROM virtual_sessions WHERE id = $1',
      [s.id],
    );
    expect(row!.recording_ref).toBe(REF);
  });

  it('US-006: no completed recording at end -> session.ended.v1 carries recordingRef null', async () => {
    const { t, s } = await recordedSession();
    await stack.main.call('POST', `/sessions/${s.id}/end`, { token: t.token });
    expect(await payloads(t.tenantId, ENDED)).toEqual([
      expect.objectContaining({ sessionId: s.id, recordingRef: null }),
    ]);
  });

  it('a recording finalized after the end: stored, recording.ingested.v1 carries it, session.ended.v1 is not repeated', async () => {
    const { t, recorder, s } = await recordedSession();
    await stack.main.call('POST', `/sessions/${s.id}/end`, { token: t.token });
    const res = await ingest(s.id, recorder);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'ended', recordingRef: REF });
    expect(await payloads(t.tenantId, INGESTED)).toEqual([{ sessionId: s.id, recordingRef: REF }]);
    expect(await payloads(t.tenantId, ENDED)).toEqual([
      expect.objectContaining({ recordingRef: null }),
    ]);
    const detail = await stack.main.call('GET', `/sessions/${s.id}`, { token: t.token });
    expect(detail.body.recordingRef).toBe(REF);
  });

  it('idempotent: the same reference again -> 200 with the same state; recording.ingested.v1 in the outbox exactly once', async () => {
    const { t, recorder, s } = await recordedSession();
    const first = await ingest(s.id, recorder);
    const again = await ingest(s.id, recorder);
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const parallel = await Promise.all(Array.from({ length: 6 }, () => ingest(s.id, recorder)));
    expect(parallel.map((r) => r.status)).toEqual(Array<number>(6).fill(200));
    expect((await outboxTypes(stack.admin, t.tenantId)).filter((e) => e === INGESTED)).toHaveLength(
      1,
    );
  });

  it('concurrent first deliveries of one reference -> all 200, one event', async () => {
    const { t, recorder, s } = await recordedSession();
    const answers = await Promise.all(Array.from({ length: 6 }, () => ingest(s.id, recorder)));
    expect(answers.map((r) => r.status)).toEqual(Array<number>(6).fill(200));
    expect((await outboxTypes(stack.admin, t.tenantId)).filter((e) => e === INGESTED)).toHaveLength(
      1,
    );
  });

  it('a different reference for a session that has one -> 409, the first reference is kept', async () => {
    const { t, recorder, s } = await recordedSession();
    expect((await ingest(s.id, recorder)).status).toBe(200);
    const other = await ingest(s.id, recorder, {
      recordingRef: 's3://recordings/clinic/other.mp4',
    });
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({
      code: 'INVALID_STATUS_TRANSITION',
      details: { reason: 'recording_already_ingested' },
    });
    const detail = await stack.main.call('GET', `/sessions/${s.id}`, { token: t.token });
    expect(detail.body.recordingRef).toBe(REF);
    expect((await outboxTypes(stack.admin, t.tenantId)).filter((e) => e === INGESTED)).toHaveLength(
      1,
    );
  });

  it("refuses a clinician token (403), a missing token (401) and another tenant's recorder (404); nothing is written", async () => {
    const { t, s } = await recordedSession();
    const clinician = await ingest(s.id, t.token);
    expect(clinician.status).toBe(403);
    expect(clinician.body.code).toBe('FORBIDDEN');
    const anonymous = await ingest(s.id, null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe('UNAUTHENTICATED');
    const other = await stack.tenant();
    const foreign = await ingest(
      s.id,
      await stack.tokenFor(randomUUID(), other.tenantId, ['recorder']),
    );
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('NOT_FOUND');
    const admin = await ingest(
      s.id,
      await stack.tokenFor(randomUUID(), t.tenantId, ['tenant_admin', 'patient']),
    );
    expect(admin.status).toBe(403);
    const [row] = await rows<{ recording_ref: string | null }>(
      stack.admin,
      'SELECT recording_ref FROM virtual_sessions WHERE id = $1',
      [s.id],
    );
    expect(row!.recording_ref).toBeNull();
    expect(await outboxTypes(stack.admin, t.tenantId)).not.toContain(INGESTED);
    expect(await outboxTypes(stack.admin, other.tenantId)).not.toContain(INGESTED);
  });

  it('the recorder role opens nothing else: GET /sessions and POST end answer 403', async () => {
    const { t, recorder, s } = await recordedSession();
    expect((await stack.main.call('GET', '/sessions', { token: recorder })).status).toBe(403);
    expect(
      (await stack.main.call('POST', `/sessions/${s.id}/end`, { token: recorder })).status,
    ).toBe(403);
    expect(await outboxTypes(stack.admin, t.tenantId)).not.toContain(ENDED);
  });

  it('bad input -> 400 VALIDATION_FAILED: not a URI, a script scheme, over 2048 characters, a negative duration, unknown fields', async () => {
    const { recorder, s } = await recordedSession();
    for (const body of [
      {},
      { recordingRef: 'recordings/rec-1.mp4' },
      { recordingRef: 'javascript:alert(1)' },
      { recordingRef: `https://store.example.org/${'a'.repeat(2048)}` },
      { recordingRef: REF, durationSeconds: -1 },
      { recordingRef: REF, extra: true },
    ]) {
      const res = await ingest(s.id, recorder, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
  });

  it('a session without recording enabled -> 400; a session not yet started -> 409 INVALID_STATUS_TRANSITION', async () => {
    const t = await stack.tenant();
    const recorder = await stack.tokenFor(randomUUID(), t.tenantId, ['recorder']);
    const plain = await createSession(stack.main, t.token, t.patientId);
    const notEnabled = await ingest(plain.id, recorder);
    expect(notEnabled.status).toBe(400);
    expect(notEnabled.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { field: 'recordingRef' },
    });
    const scheduled = await createSession(stack.main, t.token, t.patientId, {
      recordingEnabled: true,
    });
    const early = await ingest(scheduled.id, recorder);
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({
      code: 'INVALID_STATUS_TRANSITION',
      details: { currentStatus: 'scheduled' },
    });
  });
});
