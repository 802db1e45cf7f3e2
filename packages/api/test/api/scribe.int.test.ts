/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-explicit-any -- black-box HTTP tests read untyped JSON bodies */
import { randomUUID } from 'node:crypto';
import { createFixtureDatabase } from '@virtual-care/db/test-support';
import { startAiGatewayStandIn, type AiGatewayStandIn } from '@virtual-care/stand-ins';
import pino from 'pino';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createBearerAuthenticator,
  createRestHandler,
  createTranscribeRoute,
  MAX_AUDIO_CHUNK_BYTES,
  type ApiServices,
} from '../../src';
import { asTenant, rows } from './support/fixtures';
import { admittedSession, createSession } from './support/flows';
import { useStack, type ApiResponse, type Face } from './support/stack';

/**
 * US-011 (transcription) and US-012 (summary with the clinician's acceptance) against PostgreSQL, the FHIR R4
 * stand-in and the AI gateway stand-in (the OpenAI-compatible API). Every log line the services, the REST face and
 * the transcribe route write is captured, for the no-PHI proof at the end.
 */
const stack = useStack();
const logLines: string[] = [];
let ai: AiGatewayStandIn;
let services: ApiServices;
let rest: (request: Request) => Promise<Response>;
let transcribeRoute: (request: Request, sessionId: string) => Promise<Response>;

const BASE = 'http://localhost:3000/api/v1/virtual-care';
/** A streamed request body needs it (fetch's RequestInit type does not list it yet). */
const HALF_DUPLEX = { duplex: 'half' } as RequestInit;

beforeAll(async () => {
  ai = await startAiGatewayStandIn({ slowMs: 2500 });
  const logger = pino({ level: 'trace' }, { write: (line: string) => void logLines.push(line) });
  services = stack.face(
    {
      AI_GATEWAY_URL: ai.url,
      AI_TRANSCRIPTION_TIMEOUT_MS: '1000',
      AI_SUMMARY_TIMEOUT_MS: '1000',
    },
    { logger },
  ).services;
  const bearer = createBearerAuthenticator(services.config.bearer);
  const authenticate = (request: Request) => bearer(request.headers.get('authorization'));
  // Wired as the web app wires them (apps/web/src/app/api/v1/virtual-care/...).
  rest = createRestHandler({
    services,
    authenticate,
    onInternalError: (error, path, requestId) =>
      logger.error({ err: error, path, requestId }, 'rest_internal_error'),
  });
  transcribeRoute = createTranscribeRoute({
    services,
    authenticate,
    log: (line) => logger.info(line, 'ai_transcribe'),
    onInternalError: (error, requestId) =>
      logger.error({ err: error, requestId }, 'ai_transcribe_internal_error'),
  });
}, 60_000);
afterAll(async () => {
  await ai?.close();
});

interface Answer {
  status: number;
  body: any;
}

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

const call = async (method: string, path: string, token: string, body?: unknown) =>
  answer(
    await rest(
      new Request(`${BASE}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    ),
  );

/** A few seconds of recorded speech as the browser's MediaRecorder sends it (its own bytes each time). */
let spoken = 0;
/**
 * A chunk of "speech": other bytes at each call, the same bytes on every run, so the stand-in's phrases (picked by
 * the bytes) and what the tests look for in logs do not change from run to run.
 */
const speech = (size = 24_000) => {
  spoken += 1;
  return Uint8Array.from({ length: size }, (_, i) => (i * 31 + spoken * 97) % 256);
};

const transcribe = async (
  token: string,
  sessionId: string,
  audio: Uint8Array = speech(),
  headers: Record<string, string> = {},
) =>
  answer(
    await transcribeRoute(
      new Request(`${BASE}/sessions/${sessionId}/ai/transcribe`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'audio/webm;codecs=opus',
          ...headers,
        },
        body: new Uint8Array(audio),
      }),
      sessionId,
    ),
  );

async function grantAiConsent(tenantId: string, patientId: string): Promise<void> {
  await asTenant(stack.admin, tenantId, (q) =>
    q(
      `INSERT INTO consent_records (id, tenant_id, patient_id, type, decision, text_version, captured_at, captured_by, method)
       VALUES ($1, $2, $3, 'ai_processing', 'granted', 'v1', now(), $4, 'portal')`,
      [`cns_${ulid()}`, tenantId, patientId, randomUUID()],
    ),
  );
}

/** A visit under way whose patient consented to AI processing, with the clinician's token. */
async function activeVisit() {
  const t = await stack.tenant();
  await grantAiConsent(t.tenantId, t.patientId);
  const session = await admittedSession(face(), t.token, t.patientId);
  return { ...t, sessionId: session.id };
}

/** This file's services as the shared flows expect them (their caller goes through this REST handler). */
const face = (): Face => ({ services, call: viaRest });

async function viaRest(
  method: string,
  path: string,
  options: { token?: string | null; body?: unknown } = {},
): Promise<ApiResponse<any>> {
  {
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await rest(
      new Request(`${BASE}${path}`, {
        method,
        headers,
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      }),
    );
    const text = await response.text();
    return {
      status: response.status,
      body: text ? JSON.parse(text) : null,
      headers: response.headers,
    };
  }
}

const chartNotesOf = (patientId: string) =>
  stack.fhir
    .resources('DocumentReference')
    .filter(
      (note) =>
        (note.subject as { reference?: string } | undefined)?.reference === `Patient/${patientId}`,
    );

const outboxOf = (tenantId: string) =>
  rows<{ event_type: string; payload: unknown }>(
    stack.admin,
    'SELECT event_type, payload FROM virtual_care_outbox WHERE tenant_id = $1 ORDER BY seq',
    [tenantId],
  );

const summary = (token: string, sessionId: string) =>
  call('POST', `/sessions/${sessionId}/ai/summary`, token, {});
const decide = (token: string, sessionId: string, body: Record<string, unknown>) =>
  call('POST', `/sessions/${sessionId}/ai/accept-summary`, token, body);

describe('US-011: transcription during an active session', () => {
  it('an audio chunk from the clinician answers a transcript segment that is NOT added to the chart', async () => {
    const v = await activeVisit();
    const first = await transcribe(v.token, v.sessionId);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({
      segmentId: `${v.sessionId}.1`,
      sequence: 1,
      model: 'whisper-1',
    });
    expect(first.body.text).toMatch(/\w+\. \w+/);
    expect(Date.parse(first.body.createdAt)).not.toBeNaN();
    // Not in the chart: no note for the patient, no write to the FHIR server at all.
    expect(chartNotesOf(v.patientId)).toEqual([]);

    // Segments accumulate into the session's transcript, in order, kept for the tenant's 24 hours.
    const second = await transcribe(v.token, v.sessionId);
    expect(second.body.sequence).toBe(2);
    const kept = await call('GET', `/sessions/${v.sessionId}/ai/transcript`, v.token);
    expect(kept.status).toBe(200);
    expect(kept.body.segments.map((s: any) => s.text)).toEqual([first.body.text, second.body.text]);
    const hours = (Date.parse(first.body.expiresAt) - Date.parse(first.body.createdAt)) / 3_600_000;
    expect(hours).toBe(24);
    // The audio itself is kept nowhere: the table has no column for it, and the gateway got the bytes once.
    const columns = await rows<{ column_name: string }>(
      stack.admin,
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'session_transcript_segments'`,
    );
    expect(columns.map((c) => c.column_name).sort()).toEqual(
      ['created_at', 'expires_at', 'model', 'sequence', 'session_id', 'tenant_id', 'text'].sort(),
    );
  });

  it('takes the chunk as multipart/form-data too (the `file` part, with its audio type)', async () => {
    const v = await activeVisit();
    const form = new FormData();
    form.append('file', new Blob([speech()], { type: 'audio/ogg' }), 'chunk.ogg');
    const multipart = await answer(
      await transcribeRoute(
        new Request(`${BASE}/sessions/${v.sessionId}/ai/transcribe`, {
          method: 'POST',
          headers: { authorization: `Bearer ${v.token}` },
          body: form,
        }),
        v.sessionId,
      ),
    );
    expect(multipart.status, JSON.stringify(multipart.body)).toBe(201);
    expect(multipart.body.sequence).toBe(1);
    expect(ai.requests.at(-1)).toMatchObject({ path: '/v1/audio/transcriptions', bytes: 24_000 });

    const notAudio = new FormData();
    notAudio.append('file', new Blob(['hello'], { type: 'text/plain' }), 'note.txt');
    const refused = await transcribeRoute(
      new Request(`${BASE}/sessions/${v.sessionId}/ai/transcribe`, {
        method: 'POST',
        headers: { authorization: `Bearer ${v.token}` },
        body: notAudio,
      }),
      v.sessionId,
    );
    expect(refused.status).toBe(415);
  });

  it('ai-gateway unreachable: a user-friendly 503 and the session continues normally', async () => {
    const v = await activeVisit();
    ai.setMode('down');
    try {
      const down = await transcribe(v.token, v.sessionId);
      expect(down.status).toBe(503);
      expect(down.body).toEqual({
        code: 'AI_GATEWAY_UNAVAILABLE',
        message: 'Transcription is unavailable right now; the session continues',
        details: {},
      });
      ai.setMode('slow'); // slower than the 1 s deadline: the same answer
      expect((await transcribe(v.token, v.sessionId)).body.code).toBe('AI_GATEWAY_UNAVAILABLE');
    } finally {
      ai.setMode('ok');
    }
    const session = await call('GET', `/sessions/${v.sessionId}`, v.token);
    expect(session.body.status).toBe('active');
    expect((await transcribe(v.token, v.sessionId)).body.sequence).toBe(1);
  });

  it("needs the patient's ai_processing consent where the tenant's policy says so (default on)", async () => {
    const t = await stack.tenant();
    const session = await admittedSession(face(), t.token, t.patientId);
    const before = ai.requests.length;
    const blocked = await transcribe(t.token, session.id);
    expect(blocked.status).toBe(403);
    expect(blocked.body.code).toBe('CONSENT_REQUIRED');
    expect(blocked.body.details).toEqual({ gate: 'ai_processing_consent' });
    expect(ai.requests.length).toBe(before); // the patient's voice never reached the gateway
    const audit = (await outboxOf(t.tenantId)).find((e) => e.event_type === 'CONSENT_GATE_BLOCKED');
    expect(audit?.payload).toMatchObject({ details: { gate: 'ai_processing_consent' } });

    // The tenant's admin turns the requirement off (a tenant setting, validated like the others).
    const admin = await stack.tokenFor(randomUUID(), t.tenantId, ['tenant_admin']);
    const config = await call('GET', '/config', admin);
    expect(config.body).toMatchObject({ aiConsentRequired: true, aiTranscriptRetentionHours: 24 });
    const tooLong = await call('PUT', '/config', admin, {
      expectedVersion: config.body.version,
      aiTranscriptRetentionHours: 10_000,
    });
    expect(tooLong.status).toBe(400);
    const saved = await call('PUT', '/config', admin, {
      expectedVersion: config.body.version,
      aiConsentRequired: false,
      aiTranscriptRetentionHours: 2,
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.changedFields).toEqual(
      expect.arrayContaining(['aiConsentRequired', 'aiTranscriptRetentionHours']),
    );
    const allowed = await transcribe(t.token, session.id);
    expect(allowed.status).toBe(201);
    expect(
      (Date.parse(allowed.body.expiresAt) - Date.parse(allowed.body.createdAt)) / 3_600_000,
    ).toBe(2);
  });

  it('refuses the wrong role (403), another tenant (404), a session not active (409), non-audio (415), too large (413)', async () => {
    const v = await activeVisit();
    const admin = await stack.tokenFor(randomUUID(), v.tenantId, ['tenant_admin']);
    expect((await transcribe(admin, v.sessionId)).status).toBe(403);
    const other = await stack.tenant();
    const foreign = await transcribe(other.token, v.sessionId);
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('NOT_FOUND');

    await grantAiConsent(other.tenantId, other.patientId);
    const waiting = await createSession(face(), other.token, other.patientId);
    const notActive = await transcribe(other.token, waiting.id);
    expect(notActive.status).toBe(409);
    expect(notActive.body.details).toEqual({ currentStatus: 'scheduled' });

    const text = await transcribe(v.token, v.sessionId, speech(), { 'content-type': 'text/plain' });
    expect(text.status).toBe(415);
    expect(text.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');

    // Declared too large: refused before a byte is read.
    const declared = await transcribe(v.token, v.sessionId, speech(16), {
      'content-length': String(MAX_AUDIO_CHUNK_BYTES + 1),
    });
    expect(declared.status).toBe(413);
    expect(declared.body.code).toBe('PAYLOAD_TOO_LARGE');
    // No length declared: cut off while streaming, at the limit.
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 1024 * 1024;
        controller.enqueue(new Uint8Array(1024 * 1024));
      },
    });
    const streamed = await answer(
      await transcribeRoute(
        new Request(`${BASE}/sessions/${v.sessionId}/ai/transcribe`, {
          method: 'POST',
          headers: { authorization: `Bearer ${v.token}`, 'content-type': 'audio/wav' },
          body: endless,
          ...HALF_DUPLEX,
        }),
        v.sessionId,
      ),
    );
    expect(streamed.status).toBe(413);
    expect(sent).toBeLessThanOrEqual(MAX_AUDIO_CHUNK_BYTES + 3 * 1024 * 1024);
    // None of it became transcript.
    expect(
      (await call('GET', `/sessions/${v.sessionId}/ai/transcript`, v.token)).body.segments,
    ).toEqual([]);
  });

  it('kept only as long as the tenant says: expired segments are gone for readers at once, then deleted by the sweep', async () => {
    const v = await activeVisit();
    await transcribe(v.token, v.sessionId);
    await transcribe(v.token, v.sessionId);
    await stack.admin.pool.query(
      `UPDATE session_transcript_segments SET created_at = now() - interval '2 days', expires_at = now() - interval '1 day'
        WHERE session_id = $1 AND sequence = 1`,
      [v.sessionId],
    );
    const kept = await call('GET', `/sessions/${v.sessionId}/ai/transcript`, v.token);
    expect(kept.body.segments.map((s: any) => s.sequence)).toEqual([2]);

    // The worker's sweep, as the worker's database role (its cross-tenant policy).
    const workerUrl = new URL(stack.db.appUrl);
    workerUrl.username = 'virtual_care_worker_login';
    const worker = createFixtureDatabase({ url: workerUrl.toString(), maxConnections: 1 });
    try {
      expect(await worker.scans.deleteExpiredTranscripts(new Date())).toBeGreaterThanOrEqual(1);
    } finally {
      await worker.close();
    }
    const left = await rows<{ sequence: number }>(
      stack.admin,
      'SELECT sequence FROM session_transcript_segments WHERE session_id = $1',
      [v.sessionId],
    );
    expect(left.map((r) => r.sequence)).toEqual([2]);
  });
});

describe('US-012: summary draft with mandatory acceptance', () => {
  it('a transcript available: the draft is returned to the review panel, not yet in the chart', async () => {
    const v = await activeVisit();
    const none = await summary(v.token, v.sessionId);
    expect(none.status).toBe(400);
    expect(none.body.details).toMatchObject({ field: 'transcript' });

    const segment = await transcribe(v.token, v.sessionId);
    const draft = await summary(v.token, v.sessionId);
    expect(draft.status, JSON.stringify(draft.body)).toBe(200);
    expect(draft.body.model).toBe('gpt-4o-mini');
    expect(draft.body.text).toContain(segment.body.text.split('.')[0]);
    expect(draft.body.draftDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(chartNotesOf(v.patientId)).toEqual([]);

    // Summaries are often written after the call: an ended visit still gives one.
    expect((await call('POST', `/sessions/${v.sessionId}/end`, v.token, {})).status).toBe(200);
    expect((await summary(v.token, v.sessionId)).status).toBe(200);
  });

  it('accepted: true pushes the note to the chart with AI provenance, the AIAST label and a Provenance', async () => {
    const v = await activeVisit();
    await transcribe(v.token, v.sessionId);
    const draft = await summary(v.token, v.sessionId);
    const accepted = await decide(v.token, v.sessionId, {
      accepted: true,
      summaryText: draft.body.text,
      aiModel: draft.body.model,
      draftDigest: draft.body.draftDigest,
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body).toMatchObject({ written: true, edited: false });

    const [note, ...more] = chartNotesOf(v.patientId);
    expect(more).toEqual([]);
    expect(note?.id).toBe(accepted.body.noteId);
    const marks = Object.fromEntries(
      ((note?.extension as any[])[0].extension as any[]).map((e) => [e.url, Object.values(e)[1]]),
    );
    expect(marks).toMatchObject({
      aiGenerated: true,
      aiModel: 'gpt-4o-mini',
      aiAcceptedBy: v.clinicianId,
      aiEdited: false,
    });
    expect(Date.parse(marks.aiAcceptedAt as string)).not.toBeNaN();
    expect((note?.meta as any).security).toEqual([
      expect.objectContaining({
        system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue',
        code: 'AIAST',
      }),
    ]);
    const charted = Buffer.from((note as any).content[0].attachment.data, 'base64').toString(
      'utf8',
    );
    expect(charted).toBe(draft.body.text);

    const provenance = stack.fhir
      .resources('Provenance')
      .find((p) => (p.target as any[])[0].reference === `DocumentReference/${note?.id}`);
    expect(provenance?.agent).toEqual([
      expect.objectContaining({
        type: { coding: [expect.objectContaining({ code: 'author' })] },
        who: expect.objectContaining({ type: 'Device', display: 'gpt-4o-mini' }),
      }),
      expect.objectContaining({
        type: { coding: [expect.objectContaining({ code: 'verifier' })] },
        who: { reference: `Practitioner/${v.clinicianId}` },
      }),
    ]);
    const audit = (await outboxOf(v.tenantId)).find((e) => e.event_type === 'AI_SUMMARY_ACCEPTED');
    expect(audit?.payload).toMatchObject({
      details: { aiModel: 'gpt-4o-mini', noteId: note?.id, edited: false },
    });
  });

  it('a draft the clinician edited, then accepted, is charted as edited', async () => {
    const v = await activeVisit();
    await transcribe(v.token, v.sessionId);
    const draft = await summary(v.token, v.sessionId);
    const edited = `${draft.body.text}\nPlan: Review in two weeks.`;
    const accepted = await decide(v.token, v.sessionId, {
      accepted: true,
      summaryText: edited,
      aiModel: draft.body.model,
      draftDigest: draft.body.draftDigest,
    });
    expect(accepted.body).toMatchObject({ written: true, edited: true });
    const [note] = chartNotesOf(v.patientId);
    expect(((note?.extension as any[])[0].extension as any[]).at(-1)).toEqual({
      url: 'aiEdited',
      valueBoolean: true,
    });
    expect((note as any).content[0].attachment.title).toContain('edited');
  });

  it('accepted: false writes nothing anywhere: the chart store is read and holds nothing', async () => {
    const v = await activeVisit();
    await transcribe(v.token, v.sessionId);
    const draft = await summary(v.token, v.sessionId);
    const writesBefore =
      stack.fhir.requestCount('POST ') +
      stack.fhir.requestCount('POST DocumentReference') +
      stack.fhir.requestCount('PUT Provenance');
    const provenanceBefore = stack.fhir.resources('Provenance').length;
    const declined = await decide(v.token, v.sessionId, {
      accepted: false,
      summaryText: draft.body.text,
      aiModel: draft.body.model,
      draftDigest: draft.body.draftDigest,
    });
    expect(declined.status).toBe(200);
    expect(declined.body).toEqual({ written: false, noteId: null, edited: false });
    expect(chartNotesOf(v.patientId)).toEqual([]);
    expect(stack.fhir.resources('Provenance').length).toBe(provenanceBefore);
    expect(
      stack.fhir.requestCount('POST ') +
        stack.fhir.requestCount('POST DocumentReference') +
        stack.fhir.requestCount('PUT Provenance'),
    ).toBe(writesBefore);
    const types = (await outboxOf(v.tenantId)).map((e) => e.event_type);
    expect(types).toContain('AI_SUMMARY_DECLINED');
    expect(types).not.toContain('AI_SUMMARY_ACCEPTED');
  });

  it.each(['refuse-filter', 'refuse-field', 'refuse-400'] as const)(
    'a refused completion (%s): the clinician is told and can document manually; nothing saved as a draft',
    async (mode) => {
      const v = await activeVisit();
      await transcribe(v.token, v.sessionId);
      ai.setMode(mode);
      try {
        const refused = await summary(v.token, v.sessionId);
        expect(refused.status).toBe(422);
        expect(refused.body.code).toBe('AI_COMPLETION_REFUSED');
        expect(refused.body.message).toMatch(/document manually/);
        expect(typeof refused.body.details.reason).toBe('string');
      } finally {
        ai.setMode('ok');
      }
      expect(chartNotesOf(v.patientId)).toEqual([]);
      // The transcript is still there for the clinician to write from.
      const kept = await call('GET', `/sessions/${v.sessionId}/ai/transcript`, v.token);
      expect(kept.body.segments).toHaveLength(1);
    },
  );

  it('gateway down: 503 AI_GATEWAY_UNAVAILABLE, nothing charted', async () => {
    const v = await activeVisit();
    await transcribe(v.token, v.sessionId);
    ai.setMode('down');
    try {
      const down = await summary(v.token, v.sessionId);
      expect(down.status).toBe(503);
      expect(down.body.code).toBe('AI_GATEWAY_UNAVAILABLE');
    } finally {
      ai.setMode('ok');
    }
    expect(chartNotesOf(v.patientId)).toEqual([]);
  });

  it('accept-summary refuses the wrong role (403), another tenant (404), a session neither active nor ended (409)', async () => {
    const v = await activeVisit();
    const body = { accepted: true, summaryText: 'Plan: rest.', aiModel: 'gpt-4o-mini' };
    const admin = await stack.tokenFor(randomUUID(), v.tenantId, ['tenant_admin']);
    expect((await decide(admin, v.sessionId, body)).status).toBe(403);
    expect((await summary(admin, v.sessionId)).status).toBe(403);
    expect((await call('GET', `/sessions/${v.sessionId}/ai/transcript`, admin)).status).toBe(403);
    const other = await stack.tenant();
    expect((await decide(other.token, v.sessionId, body)).status).toBe(404);
    expect((await summary(other.token, v.sessionId)).status).toBe(404);
    const waiting = await createSession(face(), v.token, v.patientId);
    const notActive = await decide(v.token, waiting.id, body);
    expect(notActive.status).toBe(409);
    expect(notActive.body.code).toBe('INVALID_STATUS_TRANSITION');
    expect(chartNotesOf(v.patientId)).toEqual([]);
  });
});

/** The fixed wording of the stand-in's summaries around what the patient said. */
const SUMMARY_FRAME =
  'Subjective: The patient said. Nothing was said. Objective: No examination findings were discussed. ' +
  'Assessment: Not stated in the conversation. Plan: Not stated in the conversation.';

describe('no PHI in logs (US-011), events or error bodies', () => {
  it('a full scribe flow logs metadata only: no transcript or summary word in any line', async () => {
    logLines.length = 0;
    const v = await activeVisit();
    const phi: string[] = [];
    const errorBodies: unknown[] = [];
    const segment = await transcribe(v.token, v.sessionId);
    phi.push(segment.body.text);
    const draft = await summary(v.token, v.sessionId);
    phi.push(draft.body.text);
    await call('POST', `/sessions/${v.sessionId}/ai/accept-summary`, v.token, {
      accepted: true,
      summaryText: draft.body.text,
      aiModel: draft.body.model,
      draftDigest: draft.body.draftDigest,
    });
    await call('POST', `/sessions/${v.sessionId}/ai/accept-summary`, v.token, {
      accepted: false,
      summaryText: draft.body.text,
      aiModel: draft.body.model,
    });
    ai.setMode('refuse-field');
    errorBodies.push((await summary(v.token, v.sessionId)).body);
    ai.setMode('down');
    errorBodies.push((await transcribe(v.token, v.sessionId)).body);
    errorBodies.push((await summary(v.token, v.sessionId)).body);
    ai.setMode('ok');

    // The words a patient said, and the summary's, each of them: none may leave in a log, event or error. (The
    // stand-in's summary frame, e.g. "Subjective: The patient said", is the same for every visit: not PHI.)
    const frame = new Set(SUMMARY_FRAME.split(/[^A-Za-z]+/));
    const words = [
      ...new Set(
        phi
          .join(' ')
          .split(/[^A-Za-z]+/)
          .filter((w) => w.length >= 5 && !frame.has(w)),
      ),
    ];
    expect(words.length).toBeGreaterThan(3);
    const transcribeLines = logLines.filter((line) => line.includes('"ai_transcribe"'));
    expect(transcribeLines.length).toBe(2);
    expect(JSON.parse(transcribeLines[0]!)).toMatchObject({
      sessionId: v.sessionId,
      status: 201,
      audioBytes: 24_000,
      model: 'whisper-1',
      textChars: segment.body.text.length,
    });
    expect(logLines.some((line) => line.includes('AI_GATEWAY_UNAVAILABLE'))).toBe(true);
    // An event's type name (virtual_care.session.started.v1) is the product's vocabulary, not something said: a
    // transcript word such as "started" is looked for in everything else the events carry.
    const outbox = await outboxOf(v.tenantId);
    const events = outbox.reduce(
      (text, event) => text.replaceAll(event.event_type, ''),
      JSON.stringify(outbox),
    );
    for (const word of words) {
      for (const line of logLines) expect(line, `log line quoting "${word}"`).not.toContain(word);
      expect(events, `event quoting "${word}"`).not.toContain(word);
      expect(JSON.stringify(errorBodies), `error body quoting "${word}"`).not.toContain(word);
    }
  });
});
