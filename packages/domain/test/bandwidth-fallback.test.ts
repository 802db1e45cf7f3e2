import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../src/errors/domain.errors';
import { VirtualSession } from '../src/session/virtual-session.aggregate';
import { changeBandwidthProfile } from '../src/use-cases/change-bandwidth-profile.use-case';
import { createVirtualSession } from '../src/use-cases/create-virtual-session.use-case';
import { endSession } from '../src/use-cases/end-session.use-case';
import { getSessionDetail } from '../src/use-cases/get-session-detail.use-case';
import { initiateFallback } from '../src/use-cases/initiate-fallback.use-case';
import { recordHeartbeat } from '../src/use-cases/record-heartbeat.use-case';
import { sweepPresence } from '../src/use-cases/sweep-presence.use-case';
import {
  activeSession,
  CLINICIAN,
  createCommand,
  harness,
  TENANT,
  type Harness,
} from './fakes/harness';
import { expectCode } from './helpers';
import { FakeClock } from './fakes/fake-clock';
import { SequentialIds } from './fakes/fake-ids';
import { BANDWIDTH_PROFILES, isLowerTier } from '../src/values/bandwidth-profile.value';

const FALLBACK = 'virtual_care.session.fallback.initiated.v1';

function fallbackEvents(h: Harness) {
  return h.uow.outbox
    .filter((e) => e.type === FALLBACK)
    .map((e) => ('payload' in e ? e.payload : null));
}

function stored(h: Harness, sessionId: string) {
  const session = h.uow.tables.sessions.get(sessionId);
  if (!session) throw new Error('session not stored');
  return session;
}

/** An active session whose patient stayed away past the grace window: the sweep failed it. */
async function failedSession(h: Harness) {
  const s = await activeSession(h);
  h.clock.advanceSeconds(31);
  await recordHeartbeat(h, { token: s.providerToken });
  await sweepPresence(h, { tenantId: TENANT, heartbeatTimeoutSeconds: 30 });
  h.clock.advanceSeconds(60);
  await sweepPresence(h, { tenantId: TENANT, heartbeatTimeoutSeconds: 300 });
  expect(stored(h, s.sessionId).status).toBe('failed');
  return s;
}

describe('bandwidth profile (US-008)', () => {
  it('a new session runs on video, with no changes yet', async () => {
    const h = harness();
    const created = await createVirtualSession(h, createCommand(h));
    expect(created.session).toMatchObject({ bandwidthProfile: 'video', bandwidthChanges: [] });
  });

  it('degrades to audio only, keeping when and by whom; the same profile again changes nothing', async () => {
    const h = harness();
    const s = await activeSession(h);
    const before = stored(h, s.sessionId).version;
    h.clock.advanceSeconds(12);
    const at = h.clock.now();
    const changed = await changeBandwidthProfile(h, {
      tenantId: TENANT,
      sessionId: s.sessionId,
      profile: 'audio_only',
      actorId: CLINICIAN,
    });
    expect(changed.session).toMatchObject({
      bandwidthProfile: 'audio_only',
      bandwidthChanges: [{ from: 'video', to: 'audio_only', changedAt: at, actorId: CLINICIAN }],
      version: before + 1,
    });
    const again = await changeBandwidthProfile(h, {
      tenantId: TENANT,
      sessionId: s.sessionId,
      profile: 'audio_only',
      actorId: CLINICIAN,
    });
    expect(again.session.version).toBe(before + 1);
    expect(again.session.bandwidthChanges).toHaveLength(1);
    expect(stored(h, s.sessionId)).toMatchObject({
      bandwidthProfile: 'audio_only',
      version: before + 1,
    });
  });

  it('goes back up to video during the visit, each change kept; messaging only through the fallback, and final', async () => {
    const h = harness();
    const s = await activeSession(h);
    const change = (profile: 'video' | 'audio_only' | 'async_text') =>
      changeBandwidthProfile(h, {
        tenantId: TENANT,
        sessionId: s.sessionId,
        profile,
        actorId: CLINICIAN,
      });
    const down = h.clock.now();
    await change('audio_only');
    h.clock.advanceSeconds(70);
    const up = h.clock.now();
    const back = await change('video');
    expect(back.session).toMatchObject({
      bandwidthProfile: 'video',
      bandwidthChanges: [
        { from: 'video', to: 'audio_only', changedAt: down, actorId: CLINICIAN },
        { from: 'audio_only', to: 'video', changedAt: up, actorId: CLINICIAN },
      ],
    });
    const text = await expectCode(change('async_text'), 'VALIDATION_FAILED');
    expect(text.details).toMatchObject({ field: 'profile' });
    await initiateFallback(h, { tenantId: TENANT, sessionId: s.sessionId, actorId: CLINICIAN });
    const final = await expectCode(change('video'), 'INVALID_STATUS_TRANSITION');
    expect(final.details).toMatchObject({
      currentStatus: 'active',
      currentProfile: 'async_text',
      reason: 'messaging_is_final',
    });
    expect(stored(h, s.sessionId).bandwidthChanges.map((c) => c.to)).toEqual([
      'audio_only',
      'video',
      'async_text',
    ]);
  });

  it('video comes back only while the visit is active (not before the patient is in)', async () => {
    const h = harness();
    const created = await createVirtualSession(h, createCommand(h));
    const id = created.session.id;
    const change = (profile: 'video' | 'audio_only') =>
      changeBandwidthProfile(h, { tenantId: TENANT, sessionId: id, profile, actorId: CLINICIAN });
    await change('audio_only');
    const refused = await expectCode(change('video'), 'INVALID_STATUS_TRANSITION');
    expect(refused.details).toMatchObject({
      currentStatus: 'scheduled',
      currentProfile: 'audio_only',
      reason: 'video_returns_while_active',
    });
    expect(stored(h, id).bandwidthProfile).toBe('audio_only');
  });

  it('a closed session keeps its profile; a stale version and another tenant are refused', async () => {
    const h = harness();
    const s = await activeSession(h);
    const version = stored(h, s.sessionId).version;
    await expectCode(
      changeBandwidthProfile(h, {
        tenantId: TENANT,
        sessionId: s.sessionId,
        profile: 'audio_only',
        actorId: CLINICIAN,
        expectedVersion: version - 1,
      }),
      'OPTIMISTIC_LOCK_CONFLICT',
    );
    await expectCode(
      changeBandwidthProfile(h, {
        tenantId: 'tenant-b',
        sessionId: s.sessionId,
        profile: 'audio_only',
        actorId: CLINICIAN,
      }),
      'NOT_FOUND',
    );
    await endSession(h, { tenantId: TENANT, sessionId: s.sessionId, actorId: CLINICIAN });
    const closed = await expectCode(
      changeBandwidthProfile(h, {
        tenantId: TENANT,
        sessionId: s.sessionId,
        profile: 'audio_only',
        actorId: CLINICIAN,
      }),
      'INVALID_STATUS_TRANSITION',
    );
    expect(closed.details).toMatchObject({ currentStatus: 'ended' });
    expect(stored(h, s.sessionId)).toMatchObject({
      bandwidthProfile: 'video',
      bandwidthChanges: [],
    });
  });
});

describe('messaging fallback (US-008)', () => {
  it('video -> audio only -> messaging: the fallback records async_text after audio only, one event', async () => {
    const h = harness();
    const s = await activeSession(h);
    const t0 = h.clock.now();
    await changeBandwidthProfile(h, {
      tenantId: TENANT,
      sessionId: s.sessionId,
      profile: 'audio_only',
      actorId: CLINICIAN,
    });
    h.clock.advanceSeconds(30);
    const t1 = h.clock.now();
    const first = await initiateFallback(h, {
      tenantId: TENANT,
      sessionId: s.sessionId,
      actorId: CLINICIAN,
    });
    expect(first.snapshot.session).toMatchObject({
      messagingThreadId: first.messagingThreadId,
      bandwidthProfile: 'async_text',
      bandwidthChanges: [
        { from: 'video', to: 'audio_only', changedAt: t0, actorId: CLINICIAN },
        { from: 'audio_only', to: 'async_text', changedAt: t1, actorId: CLINICIAN },
      ],
    });
    const version = stored(h, s.sessionId).version;
    h.clock.advanceSeconds(5);
    const second = await initiateFallback(h, {
      tenantId: TENANT,
      sessionId: s.sessionId,
      actorId: 'someone-else',
    });
    expect(second.messagingThreadId).toBe(first.messagingThreadId);
    expect(stored(h, s.sessionId).version).toBe(version);
    expect(stored(h, s.sessionId).bandwidthChanges).toHaveLength(2);
    expect(fallbackEvents(h)).toEqual([
      {
        sessionId: s.sessionId,
        messagingThreadId: first.messagingThreadId,
        initiatedBy: CLINICIAN,
        sessionStatus: 'active',
        profile: 'async_text',
      },
    ]);
  });

  it('Gherkin 1: a failed session (grace expired) falls back to messaging straight from video', async () => {
    const h = harness();
    const s = await failedSession(h);
    const result = await initiateFallback(h, {
      tenantId: TENANT,
      sessionId: s.sessionId,
      actorId: CLINICIAN,
    });
    expect(result.messagingThreadId).toBe(`thread-${s.sessionId}`);
    const detail = await getSessionDetail(h, { tenantId: TENANT, sessionId: s.sessionId });
    expect(detail.session).toMatchObject({
      status: 'failed',
      bandwidthProfile: 'async_text',
      bandwidthChanges: [{ from: 'video', to: 'async_text', actorId: CLINICIAN }],
    });
    expect(fallbackEvents(h)).toMatchObject([{ sessionStatus: 'failed' }]);
  });

  it('a failed visit that continued in messages ends when the clinician closes it: one Encounter, one billing event, each modality with its seconds', async () => {
    const h = harness();
    const s = await failedSession(h); // 91 s of video, then failed
    await initiateFallback(h, { tenantId: TENANT, sessionId: s.sessionId, actorId: CLINICIAN });
    h.clock.advanceSeconds(600); // ten minutes of messages
    const ended = await endSession(h, {
      tenantId: TENANT,
      sessionId: s.sessionId,
      actorId: CLINICIAN,
    });
    expect(ended.session).toMatchObject({ status: 'ended', encounterId: 'enc-1' });
    expect(h.fhir.calls).toHaveLength(1);
    const billing = h.uow.outbox.filter(
      (e) => e.type === 'virtual_care.billing.session_chargeable.v1',
    );
    expect(billing).toHaveLength(1);
    expect(billing[0]).toMatchObject({
      payload: {
        modalities: [
          { profile: 'video', seconds: 91 },
          { profile: 'async_text', seconds: 600 },
        ],
        lowestProfile: 'async_text',
      },
    });
    // Ending it again changes nothing: still one of each.
    await endSession(h, { tenantId: TENANT, sessionId: s.sessionId, actorId: CLINICIAN });
    expect(h.fhir.calls).toHaveLength(1);
  });

  it('a failed visit without messages stays failed: ending it is INVALID_STATUS_TRANSITION', async () => {
    const h = harness();
    const s = await failedSession(h);
    await expectCode(
      endSession(h, { tenantId: TENANT, sessionId: s.sessionId, actorId: CLINICIAN }),
      'INVALID_STATUS_TRANSITION',
    );
    expect(stored(h, s.sessionId)).toMatchObject({ status: 'failed', encounterId: null });
  });

  it('Gherkin 3: neither failed nor active -> INVALID_STATUS_TRANSITION with the current status, nothing written', async () => {
    const h = harness();
    const created = await createVirtualSession(h, createCommand(h));
    const refused = await expectCode(
      initiateFallback(h, { tenantId: TENANT, sessionId: created.session.id, actorId: CLINICIAN }),
      'INVALID_STATUS_TRANSITION',
    );
    expect(refused.details).toMatchObject({ currentStatus: 'scheduled' });
    expect(stored(h, created.session.id)).toMatchObject({
      messagingThreadId: null,
      bandwidthProfile: 'video',
      version: created.session.version,
    });
    expect(fallbackEvents(h)).toHaveLength(0);
  });

  it('communication-service down: UNAVAILABLE, the session unchanged, the request queued once for the retry', async () => {
    const h = harness();
    const s = await failedSession(h);
    const before = structuredClone(stored(h, s.sessionId));
    h.messaging.down = true;
    const at = h.clock.now();
    await expectCode(
      initiateFallback(h, { tenantId: TENANT, sessionId: s.sessionId, actorId: CLINICIAN }),
      'COMMUNICATION_SERVICE_UNAVAILABLE',
    );
    // The worker's own retry queues nothing more: the event it is handling is the request.
    await expectCode(
      initiateFallback(h, {
        tenantId: TENANT,
        sessionId: s.sessionId,
        actorId: CLINICIAN,
        queueRetryOnOutage: false,
      }),
      'COMMUNICATION_SERVICE_UNAVAILABLE',
    );
    expect(stored(h, s.sessionId)).toEqual(before);
    expect(fallbackEvents(h)).toEqual([]);
    expect(
      h.uow.outbox
        .filter((e) => e.type === 'virtual_care.session.fallback.requested.v1')
        .map((e) => ('payload' in e ? e.payload : null)),
    ).toEqual([{ sessionId: s.sessionId, actorId: CLINICIAN, requestedAt: at.toISOString() }]);

    h.messaging.down = false;
    const retried = await initiateFallback(h, {
      tenantId: TENANT,
      sessionId: s.sessionId,
      actorId: CLINICIAN,
      queueRetryOnOutage: false,
    });
    expect(stored(h, s.sessionId).messagingThreadId).toBe(retried.messagingThreadId);
    expect(fallbackEvents(h)).toHaveLength(1);
  });

  it('communication-service fails after a concurrent request linked its thread: that thread, no retry queued', async () => {
    const h = harness();
    const s = await activeSession(h);
    const command = { tenantId: TENANT, sessionId: s.sessionId, actorId: CLINICIAN };
    // The other request (e.g. the other side's tap) opens and links the thread while this call is in flight.
    const racing = {
      ...h,
      messaging: {
        openThread: async () => {
          await initiateFallback(h, command);
          throw new Error('communication-service timed out');
        },
      },
    };
    const answered = await initiateFallback(racing, command);
    expect(answered.messagingThreadId).toBe(`thread-${s.sessionId}`);
    expect(stored(h, s.sessionId).messagingThreadId).toBe(`thread-${s.sessionId}`);
    expect(fallbackEvents(h)).toHaveLength(1);
    expect(
      h.uow.outbox.filter((e) => e.type === 'virtual_care.session.fallback.requested.v1'),
    ).toEqual([]);
  });

  it("another tenant's session is NOT_FOUND and opens no thread", async () => {
    const h = harness();
    const s = await activeSession(h);
    h.messaging.down = true; // a call to communication-service would fail with another code
    await expectCode(
      initiateFallback(h, { tenantId: 'tenant-b', sessionId: s.sessionId, actorId: CLINICIAN }),
      'NOT_FOUND',
    );
  });
});

describe('bandwidth profile (property)', () => {
  type Cmd =
    | { kind: 'change'; profile: (typeof BANDWIDTH_PROFILES)[number] }
    | { kind: 'fallback' | 'end' | 'sweep' }
    | { kind: 'advance'; seconds: number };
  const cmd: fc.Arbitrary<Cmd> = fc.oneof(
    fc.record({
      kind: fc.constant('change' as const),
      profile: fc.constantFrom(...BANDWIDTH_PROFILES),
    }),
    fc.record({ kind: fc.constantFrom('fallback', 'end', 'sweep' as const) }) as fc.Arbitrary<Cmd>,
    fc.record({ kind: fc.constant('advance' as const), seconds: fc.integer({ min: 1, max: 120 }) }),
  );

  it('no sequence of commands leaves messaging, raises the profile outside an active visit, breaks the history chain or goes to messaging without a thread', () => {
    fc.assert(
      fc.property(fc.array(cmd, { maxLength: 25 }), (cmds) => {
        const clock = new FakeClock();
        const s = VirtualSession.create(
          'vsn_1',
          {
            tenantId: 't',
            nodeId: 'n',
            patientId: 'pat',
            appointmentId: null,
            initiatorId: 'dr',
            videoBackend: 'jitsi',
            roomName: 'vc-abcdefgh',
            roomUrl: 'https://x/vc',
            scheduledStart: clock.now(),
            scheduledEnd: new Date(clock.now().getTime() + 3600_000),
            recordingEnabled: false,
            recordingConsentOnFile: false,
          },
          { clock, ids: new SequentialIds() },
        );
        const [provider, patient] = s.snapshot().participants;
        s.join(provider!.id, 60);
        s.join(patient!.id, 60);
        s.admit(patient!.id, 'dr');
        for (const c of cmds) {
          const before = s.snapshot().session;
          try {
            if (c.kind === 'change') s.changeBandwidthProfile(c.profile, 'dr');
            else if (c.kind === 'fallback') s.initiateFallback('thr_1', 'dr');
            else if (c.kind === 'end') s.end('dr');
            else if (c.kind === 'sweep')
              s.sweep(30, 0); // a silent visit fails at once
            else if (c.kind === 'advance') clock.advanceSeconds(c.seconds);
          } catch (e) {
            if (!(e instanceof DomainError)) throw e;
            expect(s.snapshot().session).toEqual(before); // a refused command changes nothing
          }
          const { bandwidthProfile, bandwidthChanges, messagingThreadId } = s.snapshot().session;
          let tier: (typeof BANDWIDTH_PROFILES)[number] = 'video';
          let at = 0;
          for (const change of bandwidthChanges) {
            expect(change.from).toBe(tier);
            expect(change.from).not.toBe('async_text');
            expect(change.to).not.toBe(change.from);
            expect(change.changedAt.getTime()).toBeGreaterThanOrEqual(at);
            tier = change.to;
            at = change.changedAt.getTime();
          }
          const added = bandwidthChanges.length > before.bandwidthChanges.length;
          const last = bandwidthChanges.at(-1);
          if (added && last && !isLowerTier(last.to, last.from)) {
            expect(last).toMatchObject({ from: 'audio_only', to: 'video' });
            expect(before.status).toBe('active');
          }
          expect(bandwidthProfile).toBe(tier);
          expect(bandwidthProfile === 'async_text').toBe(messagingThreadId !== null);
        }
      }),
      { numRuns: 300 },
    );
  });
});
