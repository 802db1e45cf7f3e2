/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- black-box REST tests read untyped JSON bodies */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Encounter } from '@medplum/fhirtypes';
import { connect } from '@nats-io/transport-node';
import { retryEncounter } from '@virtual-care/domain';
import { startCommunicationServiceStandIn } from '@virtual-care/stand-ins';
import { describe, expect, it } from 'vitest';
import { eventSubject } from '../../src/adapters/nats-event-subject';
import { fhirValidationIssues } from '../../src/adapters/fhir-validator';
import { createContext } from '../../src/edge/context';
import { appRouter } from '../../src/edge/app.router';
import { createCallerFactory } from '../../src/edge/trpc';
import { rows } from './support/fixtures';
import {
  admittedSession,
  createSession,
  patientWaitsProviderPresent,
  sweepPastGrace,
  type CreatedSession,
} from './support/flows';
import { useCommunicationService } from './support/communication-service';
import { useStack } from './support/stack';

const stack = useStack();
const FALLBACK = 'virtual_care.session.fallback.initiated.v1';
const messaging = useCommunicationService(stack);

type Tenant = Awaited<ReturnType<typeof stack.tenant>>;

async function scheduledSession(): Promise<{ t: Tenant; s: CreatedSession }> {
  const t = await stack.tenant();
  return { t, s: await createSession(messaging.face, t.token, t.patientId) };
}

async function activeSession(): Promise<{ t: Tenant; s: CreatedSession }> {
  const t = await stack.tenant();
  return { t, s: await admittedSession(messaging.face, t.token, t.patientId) };
}

/** Everyone's connection lost, then the tenant's grace window (60 s) passes: the worker's sweep fails the session. */
async function failedSession(): Promise<{ t: Tenant; s: CreatedSession }> {
  const { t, s } = await activeSession();
  expect(await sweepPastGrace(messaging.face, t.tenantId)).toEqual([s.id]);
  return { t, s };
}

const fallback = (t: Tenant, s: CreatedSession, token: string | null = t.token) =>
  messaging.face.call('POST', `/sessions/${s.id}/fallback-message`, { token, body: {} });

const fallbackEvents = (s: CreatedSession) =>
  rows<{ payload: { payload: Record<string, unknown> } }>(
    stack.admin,
    'SELECT payload FROM virtual_care_outbox WHERE aggregate_id = $1 AND event_type = $2 ORDER BY seq',
    [s.id, FALLBACK],
  );

const fallbackRequests = async (s: CreatedSession) =>
  (
    await rows<{ payload: { payload: Record<string, unknown> } }>(
      stack.admin,
      'SELECT payload FROM virtual_care_outbox WHERE aggregate_id = $1 AND event_type = $2 ORDER BY seq',
      [s.id, 'virtual_care.session.fallback.requested.v1'],
    )
  ).map((r) => r.payload.payload);

const detail = (t: Tenant, s: CreatedSession) =>
  messaging.face.call('GET', `/sessions/${s.id}`, { token: t.token });

describe('VCARE-US-008 bandwidth fallback: the messaging thread', () => {
  it('US-008: failed session (grace reconnect expired) -> POST fallback-message -> a thread in communication-service and { messagingThreadId }', async () => {
    const { t, s } = await failedSession();
    const res = await fallback(t, s);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ messagingThreadId: expect.any(String) });
    const thread = messaging.comms.threadForSession(s.id);
    expect(thread).toMatchObject({ id: res.body.messagingThreadId, tenantId: t.tenantId });
    expect(thread?.participantUserIds).toEqual(
      expect.arrayContaining([t.clinicianId, t.patientId]),
    );
    expect((await detail(t, s)).body).toMatchObject({
      status: 'failed',
      messagingThreadId: res.body.messagingThreadId,
      bandwidthProfile: 'async_text',
    });
  });

  it('US-008: fallback.initiated.v1 goes through the outbox, linking the thread to the session, once', async () => {
    const { t, s } = await failedSession();
    const first = await fallback(t, s);
    expect(first.status).toBe(200);
    const version = (await detail(t, s)).body.version;
    const second = await fallback(t, s);
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect((await detail(t, s)).body.version).toBe(version);
    expect(messaging.comms.threads().filter((th) => th.sessionId === s.id)).toHaveLength(1);
    const events = await fallbackEvents(s);
    expect(events.map((e) => e.payload.payload)).toEqual([
      {
        sessionId: s.id,
        messagingThreadId: first.body.messagingThreadId,
        initiatedBy: t.clinicianId,
        sessionStatus: 'failed',
        profile: 'async_text',
      },
    ]);
  });

  it('US-008: an active session falls back too, through tRPC as through REST', async () => {
    const { t, s } = await activeSession();
    const caller = createCallerFactory(appRouter)(
      createContext(
        {
          user: { id: t.clinicianId, email: 'dr@test.local', name: 'Dr. Test' },
          tenantId: t.tenantId,
          tenantName: 'Clinic',
          roles: ['clinician'],
        },
        { services: messaging.face.services },
      ),
    );
    const viaTrpc = await caller.fallback.message({ id: s.id });
    expect(viaTrpc).toEqual({ messagingThreadId: messaging.comms.threadForSession(s.id)?.id });
    const viaRest = await fallback(t, s);
    expect(viaRest.body).toEqual(viaTrpc);
    const events = await fallbackEvents(s);
    expect(events.map((e) => e.payload.payload.sessionStatus)).toEqual(['active']);
  });

  it('US-008: a session neither failed nor active -> 409 INVALID_STATUS_TRANSITION with the current status, no thread', async () => {
    const scheduled = await scheduledSession();
    const waiting = await scheduledSession();
    await patientWaitsProviderPresent(messaging.face, waiting.t.token, waiting.s);
    const ended = await activeSession();
    expect(
      (await messaging.face.call('POST', `/sessions/${ended.s.id}/end`, { token: ended.t.token }))
        .status,
    ).toBe(200);
    const cancelled = await scheduledSession();
    expect(
      (
        await messaging.face.call('POST', `/sessions/${cancelled.s.id}/cancel`, {
          token: cancelled.t.token,
          body: { reason: 'rescheduled' },
        })
      ).status,
    ).toBe(200);
    for (const [{ t, s }, status] of [
      [scheduled, 'scheduled'],
      [waiting, 'waiting'],
      [ended, 'ended'],
      [cancelled, 'cancelled'],
    ] as const) {
      const res = await fallback(t, s);
      expect(res.status, status).toBe(409);
      expect(res.body).toMatchObject({
        code: 'INVALID_STATUS_TRANSITION',
        details: { currentStatus: status },
      });
      expect(messaging.comms.threadForSession(s.id)).toBeUndefined();
      expect(await fallbackEvents(s)).toEqual([]);
      expect((await detail(t, s)).body).toMatchObject({
        messagingThreadId: null,
        bandwidthProfile: 'video',
      });
    }
  });

  it("another tenant's session answers 404 and opens no thread; a patient or no sign-in is refused", async () => {
    const { s } = await activeSession();
    const other = await stack.tenant();
    const res = await fallback(other, s);
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('NOT_FOUND');
    expect(messaging.comms.threadForSession(s.id)).toBeUndefined();
    const patient = await stack.tokenFor(other.patientId, other.tenantId, ['patient']);
    expect((await fallback(other, s, patient)).status).toBe(403);
    expect((await fallback(other, s, null)).status).toBe(401);
  });

  it('communication-service down -> 503 COMMUNICATION_SERVICE_UNAVAILABLE, the session left unchanged, the request queued for the retry', async () => {
    const { t, s } = await activeSession();
    const before = (await detail(t, s)).body;
    messaging.comms.setDown(true);
    const asked = Date.now();
    try {
      const res = await fallback(t, s);
      expect(res.status).toBe(503);
      expect(res.body.code).toBe('COMMUNICATION_SERVICE_UNAVAILABLE');
    } finally {
      messaging.comms.setDown(false);
    }
    expect((await detail(t, s)).body).toEqual(before);
    expect(await fallbackEvents(s)).toEqual([]);
    // What the worker retries until the thread opens (apps/worker/test/fallback.consumer.int.test.ts).
    const queued = await fallbackRequests(s);
    expect(queued).toEqual([
      { sessionId: s.id, actorId: t.clinicianId, requestedAt: expect.any(String) },
    ]);
    expect(Date.parse(queued[0]!.requestedAt as string)).toBeGreaterThanOrEqual(asked - 1000);

    // Back up before the worker got to it: the clinician's next press opens the thread, nothing queued again.
    const again = await fallback(t, s);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ messagingThreadId: messaging.comms.threadForSession(s.id)?.id });
    expect(await fallbackRequests(s)).toHaveLength(1);
    expect(await fallbackEvents(s)).toHaveLength(1);
  });

  it('communication-service down on a closed session -> 409, nothing queued', async () => {
    const { t, s } = await activeSession();
    expect(
      (await messaging.face.call('POST', `/sessions/${s.id}/end`, { token: t.token })).status,
    ).toBe(200);
    messaging.comms.setDown(true);
    try {
      expect((await fallback(t, s)).status).toBe(409);
    } finally {
      messaging.comms.setDown(false);
    }
    expect(await fallbackRequests(s)).toEqual([]);
  });
});

interface NatsLib {
  startNats(options: {
    storeDir: string;
    log?: (message: string) => void;
  }): Promise<{ url: string; stop(): Promise<void> } | null>;
}

/** A JetStream server: TEST_NATS_URL, or one started with the repository's own helper (scripts/lib/nats.mjs). */
async function jetStreamServer(scratch: string): Promise<{ url: string; stop(): Promise<void> }> {
  const fromEnv = process.env.TEST_NATS_URL;
  if (fromEnv) return { url: fromEnv, stop: async () => undefined };
  const lib = (await import(
    pathToFileURL(path.resolve(import.meta.dirname, '../../../../scripts/lib/nats.mjs')).href
  )) as NatsLib;
  const nats = await lib.startNats({ storeDir: scratch, log: () => undefined });
  if (!nats) throw new Error('this test needs nats-server (or TEST_NATS_URL)');
  return nats;
}

async function until<T>(read: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('VCARE-US-008 bandwidth fallback: the event', () => {
  it('US-008: fallback.initiated.v1 emitted -> communication-service subscribes and creates the thread linked to the session', async () => {
    const scratch = mkdtempSync(path.join(tmpdir(), 'vc-fallback-test-'));
    const nats = await jetStreamServer(scratch);
    const nc = await connect({ servers: nats.url });
    // A stream and subject prefix of this test's own (as the relay's NATS_STREAM / NATS_SUBJECT_PREFIX).
    const suffix = randomUUID().slice(0, 8);
    const stream = `FALLBACK_TEST_${suffix}`;
    const subjectPrefix = `fallback_test_${suffix}`;
    // An instance the HTTP call never reaches: only the event can give it the session's thread.
    const subscriber = await startCommunicationServiceStandIn({
      natsUrl: nats.url,
      subjectPrefix,
      stream,
    });
    try {
      const created = (
        await nc.request(
          `$JS.API.STREAM.CREATE.${stream}`,
          JSON.stringify({ name: stream, subjects: [`${subjectPrefix}.>`], storage: 'memory' }),
        )
      ).json<{ error?: unknown }>();
      expect(created.error).toBeUndefined();

      const { t, s } = await failedSession();
      const res = await fallback(t, s);
      expect(res.status).toBe(200);
      // The outbox row, published as the worker's relay publishes it: the tenant's subject, a CloudEvent.
      const [row] = await rows<{ id: string; payload: { payload: unknown } }>(
        stack.admin,
        'SELECT id, payload FROM virtual_care_outbox WHERE aggregate_id = $1 AND event_type = $2',
        [s.id, FALLBACK],
      );
      expect(row).toBeDefined();
      const ack = await nc.request(
        eventSubject(subjectPrefix, t.tenantId, FALLBACK),
        JSON.stringify({
          specversion: '1.0',
          id: row!.id,
          source: `/virtual-care/tenants/${t.tenantId}`,
          type: FALLBACK,
          subject: s.id,
          datacontenttype: 'application/json',
          tenantid: t.tenantId,
          data: row!.payload.payload,
        }),
      );
      expect(ack.json<{ stream?: string }>().stream).toBe(stream);

      const thread = await until(() => subscriber.threadForSession(s.id));
      expect(thread).toMatchObject({
        id: res.body.messagingThreadId,
        sessionId: s.id,
        tenantId: t.tenantId,
      });
      expect(subscriber.threads()).toHaveLength(1);
    } finally {
      await subscriber.stop();
      await nc.request(`$JS.API.STREAM.DELETE.${stream}`).catch(() => undefined);
      await nc.close();
      await nats.stop();
      rmSync(scratch, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('VCARE-US-008 bandwidth fallback: the profile and its history', () => {
  const degrade = (t: Tenant, s: CreatedSession, profile: string) =>
    messaging.face.call('POST', `/sessions/${s.id}/bandwidth-profile`, {
      token: t.token,
      body: { profile },
    });

  it('video -> audio only -> video -> audio only -> messaging (final): each change kept with its time and actor, on the session detail', async () => {
    const { t, s } = await activeSession();
    expect((await detail(t, s)).body).toMatchObject({
      bandwidthProfile: 'video',
      bandwidthChanges: [],
    });
    const started = Date.now();
    const audio = await degrade(t, s, 'audio_only');
    expect(audio.status, JSON.stringify(audio.body)).toBe(200);
    expect(audio.body).toEqual({
      sessionId: s.id,
      bandwidthProfile: 'audio_only',
      bandwidthChanges: [
        { from: 'video', to: 'audio_only', changedAt: expect.any(String), actorId: t.clinicianId },
      ],
      version: expect.any(Number),
    });
    const changedAt = Date.parse(audio.body.bandwidthChanges[0].changedAt as string);
    expect(changedAt).toBeGreaterThanOrEqual(started - 1000);
    expect(changedAt).toBeLessThanOrEqual(Date.now() + 1000);

    const again = await degrade(t, s, 'audio_only');
    expect(again.body).toEqual(audio.body);
    // The connection recovered: "Turn video back on" (decision 0022), then weak again.
    const up = await degrade(t, s, 'video');
    expect(up.status, JSON.stringify(up.body)).toBe(200);
    expect(up.body.bandwidthChanges).toEqual([
      audio.body.bandwidthChanges[0],
      { from: 'audio_only', to: 'video', changedAt: expect.any(String), actorId: t.clinicianId },
    ]);
    expect((await degrade(t, s, 'audio_only')).status).toBe(200);
    expect((await degrade(t, s, 'async_text')).status).toBe(400);
    expect((await degrade(t, s, 'hd')).body.code).toBe('VALIDATION_FAILED');

    expect((await fallback(t, s)).status).toBe(200);
    const shown = (await detail(t, s)).body;
    expect(shown).toMatchObject({
      bandwidthProfile: 'async_text',
      bandwidthChanges: [
        audio.body.bandwidthChanges[0],
        { from: 'audio_only', to: 'video', actorId: t.clinicianId },
        { from: 'video', to: 'audio_only', actorId: t.clinicianId },
        { from: 'audio_only', to: 'async_text', actorId: t.clinicianId },
      ],
    });
    const final = await degrade(t, s, 'video');
    expect(final.status).toBe(409);
    expect(final.body).toMatchObject({
      code: 'INVALID_STATUS_TRANSITION',
      details: { currentProfile: 'async_text', reason: 'messaging_is_final' },
    });
    const stored = await rows(
      stack.admin,
      `SELECT tenant_id, seq, from_profile, to_profile FROM virtual_session_bandwidth_changes
        WHERE session_id = $1 ORDER BY seq`,
      [s.id],
    );
    expect(stored).toEqual([
      { tenant_id: t.tenantId, seq: 1, from_profile: 'video', to_profile: 'audio_only' },
      { tenant_id: t.tenantId, seq: 2, from_profile: 'audio_only', to_profile: 'video' },
      { tenant_id: t.tenantId, seq: 3, from_profile: 'video', to_profile: 'audio_only' },
      { tenant_id: t.tenantId, seq: 4, from_profile: 'audio_only', to_profile: 'async_text' },
    ]);
  });

  it('US-008: a visit that fell back to audio only ends in one Encounter and one billing event, both with each modality and its seconds', async () => {
    const { t, s } = await activeSession();
    expect((await degrade(t, s, 'audio_only')).status).toBe(200);
    // Moved back in time so each modality lasts minutes, not the test's milliseconds: started 15, fell back 10 ago.
    await stack.admin.pool.query(
      `UPDATE virtual_sessions SET actual_start = now() - interval '15 minutes' WHERE id = $1`,
      [s.id],
    );
    await stack.admin.pool.query(
      `UPDATE virtual_session_bandwidth_changes SET changed_at = now() - interval '10 minutes'
        WHERE session_id = $1`,
      [s.id],
    );
    const ended = await messaging.face.call('POST', `/sessions/${s.id}/end`, { token: t.token });
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    await retryEncounter(messaging.face.services.deps, { tenantId: t.tenantId, sessionId: s.id });

    const billing = await rows<{ payload: { payload: Record<string, unknown> } }>(
      stack.admin,
      'SELECT payload FROM virtual_care_outbox WHERE aggregate_id = $1 AND event_type = $2',
      [s.id, 'virtual_care.billing.session_chargeable.v1'],
    );
    expect(billing).toHaveLength(1);
    const payload = billing[0]!.payload.payload;
    expect(payload).toMatchObject({
      encounterId: ended.body.encounterId,
      lowestProfile: 'audio_only',
      modalities: [
        { profile: 'video', seconds: expect.any(Number) },
        { profile: 'audio_only', seconds: expect.any(Number) },
      ],
    });
    const [video, audio] = payload.modalities as Array<{ seconds: number }>;
    expect(video!.seconds).toBeGreaterThanOrEqual(299);
    expect(video!.seconds).toBeLessThanOrEqual(301);
    expect(audio!.seconds).toBeGreaterThanOrEqual(599);
    expect(audio!.seconds).toBeLessThanOrEqual(602);

    const encounters = stack.fhir
      .encounters()
      .filter((e) => JSON.stringify(e.identifier).includes(s.id));
    expect(encounters).toHaveLength(1);
    const encounter = encounters[0] as unknown as Encounter;
    expect(encounter.id).toBe(ended.body.encounterId);
    expect(await fhirValidationIssues(encounter)).toEqual([]);
    expect(encounter.type?.map((type) => type.coding?.[0]?.code)).toEqual(['VIDEOCONF', 'PHONE']);
    expect(
      encounter.extension?.map(
        (e) => e.extension?.find((x) => x.url === 'duration')?.valueDuration?.value,
      ),
    ).toEqual([video!.seconds, audio!.seconds]);
  });

  it("another tenant's session answers 404; a closed session keeps its profile (409)", async () => {
    const { t, s } = await activeSession();
    const other = await stack.tenant();
    expect((await degrade(other, s, 'audio_only')).status).toBe(404);
    expect(
      (await messaging.face.call('POST', `/sessions/${s.id}/end`, { token: t.token })).status,
    ).toBe(200);
    const closed = await degrade(t, s, 'audio_only');
    expect(closed.status).toBe(409);
    expect(closed.body.details).toMatchObject({ currentStatus: 'ended' });
    expect((await detail(t, s)).body).toMatchObject({
      bandwidthProfile: 'video',
      bandwidthChanges: [],
    });
  });
});
