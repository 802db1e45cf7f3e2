/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- black-box REST calls read untyped JSON bodies */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import {
  appRouter,
  createAttachmentRoute,
  createContext,
  createBearerAuthenticator,
  createLogger,
  createRestHandler,
  createServices,
  createTranscribeRoute,
  joinBandwidthProfile,
  joinSendMessage,
  newUlid as ulid,
  type ApiServices,
} from '@virtual-care/api';
import {
  startAiGatewayStandIn,
  startCommunicationServiceStandIn,
  type AiGatewayStandIn,
  type CommunicationServiceStandIn,
} from '@virtual-care/stand-ins';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { asTenant } from '../../../packages/api/test/api/support/fixtures';
import { recordFigure } from '../../../scripts/lib/security-figures.mjs';
import { patientAccount } from '../../../packages/api/test/api/support/flows';
import { useStack } from '../../../packages/api/test/api/support/stack';
import { runAttachmentSweepPass } from '../src/attachment-sweep.job';
import { runEncounterRetryPass } from '../src/encounter-retry.job';
import { loadWorkerEnv } from '../src/env';
import { startFallbackConsumer } from '../src/fallback.consumer';
import { runHousekeepingPass } from '../src/housekeeping.job';
import { createMetrics } from '../src/metrics';
import { OutboxRelay } from '../src/outbox-relay';
import { runPresenceSweepPass } from '../src/presence-sweep.job';
import { runTranscriptExpiryPass } from '../src/transcript-expiry.job';
import { connectNats, createTestStream, useTestContext, waitFor } from './support/fixtures';

/**
 * Issue 19, "no PHI in any log, proven": a whole visit (create, join, waiting room, admit, bandwidth fallback,
 * messages, scribe, an async visit with a photo, end, a visit failed and continued in messages by the worker) with
 * the web side's services and the worker's relay, consumer and jobs in this process, every line both write
 * captured at trace level through the product's own logger (createLogger: the one redaction list). Then every line
 * is searched for what the patient or clinician said or was given. Also one request that fails with a PostgreSQL
 * error whose `detail` holds the chief complaint (decision 0039).
 */

// The web side's services on this run's database as the web app's role (the worker's global setup started both).
process.env.TEST_DATABASE_ADMIN_URL ??= inject('adminUrl');
process.env.TEST_DATABASE_APP_URL ??= inject('webUrl');
const stack = useStack();
const ctx = useTestContext();

const BASE = 'http://localhost:3000/api/v1/virtual-care';
const HALF_DUPLEX = { duplex: 'half' } as RequestInit;

/** Distinctive strings: a match in a log line can only be a leak. */
const PATIENT_NAME = 'Zephyrine Quillfeather';
const CHIEF_COMPLAINT = 'Throbbing left ankle after the Marrowglen ferry, swelling like a plum';
const INTAKE_ANSWER = 'Since Thursday the Vantablue ointment made it worse';
const CLINICIAN_MESSAGE = 'Zephyrine, raise the ankle above the Quorvath cushion tonight';
const PATIENT_MESSAGE = 'The swelling went down after the Brindlewick compress';
const FAILED_VISIT_MESSAGE = 'My camera froze, Dr, can we carry on about the Oxtervale rash';
const SUMMARY_TEXT =
  'Assessment: sprain after the Marrowglen ferry fall. Plan: Quorvath cushion and rest.';
const ASYNC_RESPONSE = 'Keep the Brindlewick compress on for two more days, then walk gently.';
const PROBE_COMPLAINT = 'Quillfeather-probe: recurring Snorbelt cough since the harvest';
const PHOTO_TEXT = 'Glimmerquay-photo-bytes';

const lines: string[] = [];
const sink = { write: (line: string) => void lines.push(line) };
const webLog = createLogger({ level: 'trace', name: 'web' }, sink);
const workerLog = createLogger({ level: 'trace', name: 'virtual-care-worker' }, sink);

let ai: AiGatewayStandIn;
let comms: CommunicationServiceStandIn;
let attachmentDir: string;
let web: ApiServices;
let worker: ApiServices;
let rest: (request: Request) => Promise<Response>;
let transcribeRoute: (request: Request, sessionId: string) => Promise<Response>;
let attachmentRoute: (request: Request, attachmentRef: string) => Promise<Response>;
let authenticate: (request: Request) => ReturnType<ReturnType<typeof createBearerAuthenticator>>;
let nc: NatsConnection;
let js: JetStreamClient;
let relay: OutboxRelay;
const stoppables: { stop(): Promise<void> }[] = [];
/** The errors behind 500s as the handler saw them: to show what the log line left out. */
const internalErrors: unknown[] = [];
/** Every credential an answer handed out (join link tokens, Jitsi JWTs) and every bearer token used. */
const credentials = new Set<string>();

beforeAll(async () => {
  ai = await startAiGatewayStandIn();
  comms = await startCommunicationServiceStandIn();
  attachmentDir = mkdtempSync(path.join(tmpdir(), 'vc-phi-logs-'));
  const shared = {
    COMMUNICATION_SERVICE_URL: comms.url,
    AI_GATEWAY_URL: ai.url,
    ATTACHMENT_DIR: attachmentDir,
  };
  // The web app, wired as apps/web/src/app/api/v1/virtual-care/** wires its routes.
  web = stack.face(shared, { logger: webLog }).services;
  const bearer = createBearerAuthenticator(web.config.bearer);
  authenticate = (request: Request) => bearer(request.headers.get('authorization'));
  const onInternalError = (error: unknown, requestId: string, route: string) => {
    internalErrors.push(error);
    webLog.error({ err: error, requestId }, route);
  };
  rest = createRestHandler({
    services: web,
    authenticate,
    onInternalError: (error, route, requestId) =>
      onInternalError(error, requestId, 'rest_internal_error'),
  });
  transcribeRoute = createTranscribeRoute({
    services: web,
    authenticate,
    log: (line) => webLog.info(line, 'ai_transcribe'),
    onInternalError: (error, requestId) =>
      onInternalError(error, requestId, 'ai_transcribe_internal_error'),
  });
  attachmentRoute = createAttachmentRoute({
    services: web,
    authenticate,
    onInternalError: (error, requestId) =>
      onInternalError(error, requestId, 'attachment_internal_error'),
  });

  // The worker, wired as apps/worker/src/main.ts wires it: its role, its env, its logger.
  worker = createServices(
    loadWorkerEnv({
      DATABASE_URL: ctx.workerUrl,
      JOIN_TOKEN_KEYS: `k1:${randomBytes(32).toString('base64url')}`,
      SECRET_STORE_MASTER_KEY: `m1:${randomBytes(32).toString('base64')}`,
      FHIR_BASE_URL: stack.fhir.url,
      ...shared,
    }),
    { db: ctx.db, logger: workerLog },
  );
  nc = await connectNats(ctx.natsUrl);
  js = jetstream(nc);
  const stream = await createTestStream(nc);
  const metrics = createMetrics({ defaults: false });
  stoppables.push(
    await startFallbackConsumer({
      js,
      jsm: stream.jsm,
      stream: stream.name,
      subjectPrefix: stream.prefix,
      durable: `fallback-${randomBytes(4).toString('hex')}`,
      handler: { ...worker.deps, log: workerLog },
      log: workerLog,
      metrics,
    }),
  );
  relay = new OutboxRelay({
    outbox: ctx.db.outbox,
    js,
    log: workerLog,
    metrics,
    subjectPrefix: stream.prefix,
    batchSize: 100,
    pollMs: 50,
    listenUrl: ctx.workerUrl,
  });
  await relay.start();
}, 120_000);

afterAll(async () => {
  for (const s of stoppables) await s.stop().catch(() => undefined);
  await relay?.stop();
  await nc?.drain().catch(() => undefined);
  await worker?.close();
  await ai?.close();
  await comms?.stop();
  rmSync(attachmentDir, { recursive: true, force: true });
});

/** A REST call as a browser or typed client makes it; every credential in the answer is remembered. */
async function call(method: string, route: string, token: string | null, body?: unknown) {
  if (token) credentials.add(token);
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await rest(
    new Request(`${BASE}${route}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
  );
  const text = await response.text();
  for (const jwt of text.match(/eyJ[\w-]+\.[\w-]+(?:\.[\w-]+)?/g) ?? []) credentials.add(jwt);
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

const ok = (res: { status: number; body: unknown }, status = 200) =>
  expect(res.status, JSON.stringify(res.body)).toBe(status);

/** A patient of the tenant with the marker name, who consented to the video visit, recording and the AI scribe. */
async function namedPatient(tenantId: string): Promise<string> {
  const patientId = await stack.patient(tenantId, {
    telehealth: true,
    recording: true,
    ai_processing: true,
  } as { telehealth: boolean });
  await asTenant(stack.admin, tenantId, (q) =>
    q('UPDATE patients SET display_name = $1 WHERE id = $2', [PATIENT_NAME, patientId]),
  );
  return patientId;
}

/** Created, the patient through the join link into the waiting room, the clinician in, the patient admitted. */
async function admittedVisit(token: string, patientId: string) {
  const created = await call('POST', '/sessions', token, {
    patientId,
    scheduledStart: new Date(Date.now() + 60_000).toISOString(),
  });
  ok(created, 201);
  expect(created.body.patientDisplayName).toBe(PATIENT_NAME);
  const joinUrl = new URL(created.body.patientJoinUrl as string);
  const patientToken = joinUrl.searchParams.get('token')!;
  credentials.add(patientToken);
  // The link as the patient's browser first opens it: the token in the query string.
  ok(await call('GET', `/sessions/join${joinUrl.search}`, null));
  ok(await call('POST', '/sessions/join', null, { token: patientToken }));
  ok(await call('POST', `/sessions/${created.body.id}/provider-join`, token, {}));
  const detail = await call('GET', `/sessions/${created.body.id}`, token);
  const participants = detail.body.participants as { id: string; role: string }[];
  const patient = participants.find((p) => p.role === 'patient')!;
  ok(await call('POST', `/sessions/${created.body.id}/admit/${patient.id}`, token, {}));
  return { sessionId: created.body.id as string, patientToken };
}

const speech = () => Uint8Array.from({ length: 24_000 }, (_, i) => (i * 31 + 97) % 256);

describe('issue 19: no PHI in any log line of the web app or the worker', () => {
  it('a whole visit, an async visit, a failed visit continued by the worker and a 500: PHI strings found in logs: 0', async () => {
    const t = await stack.tenant();
    credentials.add(t.token);
    const patientId = await namedPatient(t.tenantId);

    // A video visit: bandwidth drops to audio only, the scribe transcribes and the clinician accepts a summary,
    // the visit continues in messages both ways, then ends.
    const visit = await admittedVisit(t.token, patientId);
    await joinBandwidthProfile(web, visit.patientToken, { profile: 'audio_only' });
    const segment = await transcribeRoute(
      new Request(`${BASE}/sessions/${visit.sessionId}/ai/transcribe`, {
        method: 'POST',
        headers: { authorization: `Bearer ${t.token}`, 'content-type': 'audio/webm;codecs=opus' },
        body: speech(),
        ...HALF_DUPLEX,
      }),
      visit.sessionId,
    );
    expect(segment.status).toBe(201);
    const transcript = ((await segment.json()) as { text: string }).text;
    const draft = await call('POST', `/sessions/${visit.sessionId}/ai/summary`, t.token, {});
    ok(draft);
    ok(
      await call('POST', `/sessions/${visit.sessionId}/ai/accept-summary`, t.token, {
        accepted: true,
        summaryText: SUMMARY_TEXT,
        aiModel: draft.body.model,
        draftDigest: draft.body.draftDigest,
      }),
    );
    ok(await call('POST', `/sessions/${visit.sessionId}/fallback-message`, t.token, {}));
    ok(
      await call('POST', `/sessions/${visit.sessionId}/messages`, t.token, {
        messageId: ulid(),
        body: CLINICIAN_MESSAGE,
      }),
    );
    await joinSendMessage(web, visit.patientToken, { id: ulid(), body: PATIENT_MESSAGE });
    ok(await call('POST', `/sessions/${visit.sessionId}/end`, t.token, {}));

    // A second visit fails (everyone gone past the grace window, the worker's sweep with its clock moved on): the
    // worker's relay publishes it, its fallback consumer opens the messaging thread, the patient writes there.
    const failed = await admittedVisit(t.token, patientId);
    const later = { now: () => new Date(Date.now() + 700_000) };
    for (let pass = 0; pass < 2; pass++)
      await runPresenceSweepPass({ ...sweepDeps(), clock: later }, 30);
    await waitFor(
      async () =>
        Boolean(
          (await call('GET', `/sessions/${failed.sessionId}`, t.token)).body.messagingThreadId,
        ),
      15_000,
      'the worker opens the failed visit’s messaging thread',
    );
    await joinSendMessage(web, failed.patientToken, { id: ulid(), body: FAILED_VISIT_MESSAGE });

    // An async visit: a photo uploaded, the visit submitted with its intake answers, reviewed and answered.
    const patientBearer = await patientAccount(stack, t.tenantId, patientId);
    credentials.add(patientBearer);
    const photo = await uploadPhoto(patientBearer);
    const submitted = await call('POST', '/async-visits', patientBearer, {
      clientMutationId: ulid(),
      chiefComplaint: CHIEF_COMPLAINT,
      answers: [{ questionId: 'onset', question: 'Since when?', answer: INTAKE_ANSWER }],
      attachments: [photo],
    });
    ok(submitted, 201);
    ok(await call('POST', `/async-visits/${submitted.body.id}/review`, t.token, {}));
    ok(
      await call('POST', `/async-visits/${submitted.body.id}/respond`, t.token, {
        response: ASYNC_RESPONSE,
      }),
    );

    // A 500 whose PostgreSQL error carries the chief complaint in its detail.
    const internal = await forcedDatabaseFailure(patientBearer);
    expect(internal).toMatchObject({ status: 500, body: { code: 'INTERNAL' } });
    // The REST face hands over tRPC's error; PostgreSQL's is its cause, and held the complaint.
    const pgError = (internalErrors.at(-1) as Error).cause as { code?: string; detail?: string };
    expect(internalErrors).toHaveLength(2);
    expect(pgError.code).toBe('23505');
    expect(pgError.detail).toContain(PROBE_COMPLAINT);
    const loggedError = (msg: string) =>
      lines
        .map((l) => JSON.parse(l) as { msg: string; err?: { cause?: unknown } })
        .find((l) => l.msg === msg)?.err ?? {};
    const databaseError = {
      type: 'DatabaseError',
      code: '23505',
      table: 'phi_probe',
      constraint: 'phi_probe_pkey',
      message: 'duplicate key value violates unique constraint "phi_probe_pkey"',
    };
    expect(loggedError('trpc_internal_error')).toMatchObject(databaseError);
    expect(loggedError('rest_internal_error').cause).toMatchObject(databaseError);

    // The worker's jobs, one pass each over what this visit left.
    await runEncounterRetryPass({ ...sweepDeps(), fhir: worker.deps.fhir });
    await runTranscriptExpiryPass(sweepDeps());
    await runHousekeepingPass({ housekeeping: ctx.db.housekeeping, log: workerLog }, 14);
    await runAttachmentSweepPass({ ...sweepDeps(), attachments: worker.attachments }, 24);

    // Both processes wrote, at trace level, what they do: the search below covers real traffic.
    const parsed = lines.map((l) => JSON.parse(l) as { name: string; msg: string });
    const of = (name: string) => parsed.filter((l) => l.name === name).map((l) => l.msg);
    expect(of('web')).toEqual(
      expect.arrayContaining(['ai_transcribe', 'rest_internal_error', 'trpc_internal_error']),
    );
    expect(of('virtual-care-worker')).toEqual(
      expect.arrayContaining([
        'outbox batch published',
        'sessions failed after the grace window',
        'session continues in its messaging thread',
      ]),
    );

    const phi = [
      PATIENT_NAME,
      ...PATIENT_NAME.split(' '),
      CHIEF_COMPLAINT,
      'Marrowglen',
      INTAKE_ANSWER,
      'Vantablue',
      CLINICIAN_MESSAGE,
      'Quorvath',
      PATIENT_MESSAGE,
      'Brindlewick',
      FAILED_VISIT_MESSAGE,
      'Oxtervale',
      SUMMARY_TEXT,
      draft.body.text as string,
      ASYNC_RESPONSE,
      PROBE_COMPLAINT,
      'Snorbelt',
      PHOTO_TEXT,
      ...transcriptWords(transcript),
      ...credentials,
    ];
    expect(credentials.size).toBeGreaterThan(4);
    const found = phi.flatMap((needle) =>
      lines.filter((line) => line.includes(needle)).map((line) => ({ needle, line })),
    );
    // One line of the security report (scripts/lib/security-figures.mjs; SECURITY_REPORT_DIR when set).
    recordFigure({
      name: 'PHI strings found in logs',
      value: found.length,
      goal: 0,
      unit: `in ${lines.length} log lines`,
    });
    expect(found).toEqual([]);
  }, 60_000);
});

function sweepDeps() {
  return {
    scans: ctx.db.scans,
    uow: ctx.db.unitOfWork,
    clock: worker.deps.clock,
    ids: worker.deps.ids,
    log: workerLog,
    metrics: createMetrics({ defaults: false }),
  };
}

/** A photo through the upload route, as the patient's phone sends it; its bytes hold a marker. */
async function uploadPhoto(patientBearer: string) {
  const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0]);
  const bytes = Buffer.concat([jpeg, Buffer.from(PHOTO_TEXT), randomBytes(2000)]);
  const ref = `att_${ulid()}`;
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const res = await attachmentRoute(
    new Request(`${BASE}/async-visits/attachments/${ref}`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${patientBearer}`,
        'content-type': 'image/jpeg',
        'content-length': String(bytes.length),
        'x-content-sha256': sha256,
      },
      body: bytes,
    }),
    ref,
  );
  expect(res.status, await res.clone().text()).toBe(201);
  return { ref, sha256, contentType: 'image/jpeg' };
}

/**
 * Two submissions of one complaint, each copied by a trigger into a table of this test keyed by the complaint: the
 * second fails in PostgreSQL with "Key (complaint)=(<the complaint>) already exists". (On the product's tables
 * row-level security makes PostgreSQL leave the key out of such a detail; on a table without it, as here, it is
 * there.) The trigger copies only this test's text, and is gone afterwards.
 */
async function forcedDatabaseFailure(patientBearer: string) {
  const sql = (text: string) => stack.admin.pool.query(text);
  await sql('CREATE TABLE IF NOT EXISTS phi_probe (complaint TEXT PRIMARY KEY)');
  await sql(`CREATE OR REPLACE FUNCTION phi_probe_copy() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
             SET search_path = public AS $$ BEGIN INSERT INTO phi_probe VALUES (NEW.chief_complaint); RETURN NEW; END $$`);
  await sql(`CREATE OR REPLACE TRIGGER phi_probe_copy BEFORE INSERT ON async_visits FOR EACH ROW
             WHEN (NEW.chief_complaint LIKE 'Quillfeather-probe:%') EXECUTE FUNCTION phi_probe_copy()`);
  try {
    const submit = () =>
      call('POST', '/async-visits', patientBearer, {
        clientMutationId: ulid(),
        chiefComplaint: PROBE_COMPLAINT,
      });
    ok(await submit(), 201);
    // The pages' way in: tRPC, whose route logs the error's cause, here PostgreSQL's own error.
    const asPatient = createContext(
      await authenticate(
        new Request(BASE, { headers: { authorization: `Bearer ${patientBearer}` } }),
      ),
      { services: web },
    );
    await expect(
      appRouter
        .createCaller(asPatient)
        .asyncVisits.submit({ clientMutationId: ulid(), chiefComplaint: PROBE_COMPLAINT })
        .catch((error: Error) => {
          internalErrors.push(error.cause);
          // As apps/web/src/app/api/trpc/[trpc]/route.ts logs an INTERNAL_SERVER_ERROR.
          webLog.error(
            {
              err: error.cause ?? error,
              path: 'asyncVisits.submit',
              requestId: asPatient.requestId,
            },
            'trpc_internal_error',
          );
          throw error;
        }),
    ).rejects.toMatchObject({ code: 'INTERNAL_SERVER_ERROR' });
    return await submit();
  } finally {
    await sql('DROP TRIGGER IF EXISTS phi_probe_copy ON async_visits');
    await sql('DROP FUNCTION IF EXISTS phi_probe_copy()');
    await sql('DROP TABLE IF EXISTS phi_probe');
  }
}

/** The transcript's sentences and its longer words: the stand-in's phrases are ordinary clinical speech. */
function transcriptWords(transcript: string): string[] {
  const sentences = transcript.split(/(?<=\.)\s+/).filter(Boolean);
  const words = transcript.split(/\W+/).filter((w) => w.length >= 8);
  expect(sentences.length).toBeGreaterThan(0);
  return [...sentences, ...words];
}
