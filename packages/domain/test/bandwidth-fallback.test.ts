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

  it('never goes back up, and messaging is reached only through the fallback', async () => {
    const h = harness();
    const s = await activeSession(h);
    await changeBandwidthProfile(h, {
      tenantId: TENANT,
      sessionId: s.sessionId,
      profile: 'audio_only',
      actorId: CLINICIAN,
    });
    const up = await expectCode(
      changeBandwidthProfile(h, {
        tenantId: TENANT,
        sessionId: s.sessionId,
        profile: 'video',
        actorId: CLINICIAN,
      }),
      'INVALID_STATUS_TRANSITION',
    );
    expect(up.details).toMatchObject({
      currentStatus: 'active',
      currentProfile: 'audio_only',
      reason: 'bandwidth_profile_only_degrades',
    });
    const text = await expectCode(
      changeBandwidthProfile(h, {
        tenantId: TENANT,
        sessionId: s.sessionId,
        profile: 'async_text',
        actorId: CLINICIAN,
      }),
      'VALIDATION_FAILED',
    );
    expect(text.details).toMatchObject({ field: 'profile' });
    expect(stored(h, s.sessionId).bandwidthChanges).toHaveLength(1);
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

  it('no sequence of commands raises the profile, breaks the history chain or goes to messaging without a thread', () => {
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
            expect(isLowerTier(change.to, change.from)).toBe(true);
            expect(change.changedAt.getTime()).toBeGreaterThanOrEqual(at);
            tier = change.to;
            at = change.changedAt.getTime();
          }
          expect(bandwidthProfile).toBe(tier);
          expect(bandwidthProfile === 'async_text').toBe(messagingThreadId !== null);
        }
      }),
      { numRuns: 300 },
    );
  });
});
