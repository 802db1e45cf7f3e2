import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../src/errors/domain.errors';
import { PARTICIPANT_TRANSITIONS } from '../src/machines/session-participant.machine';
import { canTransition, isTerminal } from '../src/machines/transition.machine';
import { SESSION_TRANSITIONS } from '../src/machines/virtual-session.machine';
import type { ParticipantRole } from '../src/records/session-participant.record';
import { VirtualSession, type SessionSnapshot } from '../src/session/virtual-session.aggregate';
import { FakeClock } from './fakes/fake-clock';
import { SequentialIds } from './fakes/fake-ids';

const MAX = 4;
const GRACE = 60;
const roles: ParticipantRole[] = ['provider', 'patient', 'interpreter', 'observer'];

type Cmd =
  | { kind: 'join' | 'admit' | 'remove' | 'heartbeat'; who: number }
  | { kind: 'invite'; role: ParticipantRole; user: number }
  | { kind: 'advance'; seconds: number }
  | { kind: 'sweep' | 'end' | 'cancel' | 'fail' | 'encounter' | 'fallback' | 'recording' };

const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  fc.record({
    kind: fc.constantFrom('join', 'admit', 'remove', 'heartbeat' as const),
    who: fc.nat(6),
  }) as fc.Arbitrary<Cmd>,
  fc.record({
    kind: fc.constant('invite' as const),
    role: fc.constantFrom(...roles),
    user: fc.nat(3),
  }),
  fc.record({ kind: fc.constant('advance' as const), seconds: fc.integer({ min: 1, max: 120 }) }),
  fc.record({
    kind: fc.constantFrom(
      'sweep',
      'end',
      'cancel',
      'fail',
      'encounter',
      'fallback',
      'recording' as const,
    ),
  }) as fc.Arbitrary<Cmd>,
);

function apply(s: VirtualSession, c: Cmd, clock: FakeClock): void {
  const ids = s.snapshot().participants.map((p) => p.id);
  const who = 'who' in c ? (ids[c.who % Math.max(ids.length, 1)] ?? 'none') : 'none';
  switch (c.kind) {
    case 'join':
      s.join(who, GRACE);
      break;
    case 'admit':
      s.admit(who, 'dr');
      break;
    case 'remove':
      s.remove(who, 'dr', 'r');
      break;
    case 'heartbeat':
      s.heartbeat(who, GRACE);
      break;
    case 'invite':
      s.invite(`user-${c.user}`, c.role, MAX);
      break;
    case 'advance':
      clock.advanceSeconds(c.seconds);
      break;
    case 'sweep':
      s.sweep(30, GRACE);
      break;
    case 'end':
      s.end('dr');
      break;
    case 'cancel':
      s.cancel('dr', 'r');
      break;
    case 'fail':
      s.fail('lost', GRACE);
      break;
    case 'encounter':
      s.recordEncounter('enc-1');
      break;
    case 'fallback':
      s.initiateFallback('thread-1', 'dr');
      break;
    case 'recording':
      s.attachRecording('rec-1');
      break;
  }
}

function changed(a: SessionSnapshot, b: SessionSnapshot): boolean {
  return JSON.stringify(a) !== JSON.stringify(b);
}

/** The snapshot minus presence timestamps: what a state transition changes. */
function withoutPresence(s: SessionSnapshot): SessionSnapshot {
  return {
    session: s.session,
    participants: s.participants.map((p) => ({ ...p, lastSeenAt: null })),
  };
}

const statuses = (s: SessionSnapshot) =>
  JSON.stringify([s.session.status, s.participants.map((p) => [p.id, p.status])]);

describe('session + participant machines (property)', () => {
  it('no command sequence reaches a forbidden state or transition; version strictly increases on every transition and never decreases', () => {
    fc.assert(
      fc.property(fc.array(cmd, { maxLength: 60 }), fc.boolean(), (cmds, recording) => {
        const clock = new FakeClock();
        const ctx = { clock, ids: new SequentialIds() };
        const start = clock.now();
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
            scheduledStart: start,
            scheduledEnd: new Date(start.getTime() + 3600_000),
            recordingEnabled: recording,
            recordingConsentOnFile: recording,
          },
          ctx,
        );
        let before = s.snapshot();
        for (const c of cmds) {
          try {
            apply(s, c, clock);
          } catch (error) {
            expect(error).toBeInstanceOf(DomainError);
            // A rejected command changes nothing.
            expect(s.snapshot()).toEqual(before);
            continue;
          }
          const after = s.snapshot();
          const from = before.session.status;
          const to = after.session.status;
          expect(from === to || canTransition(SESSION_TRANSITIONS, from, to)).toBe(true);
          if (isTerminal(SESSION_TRANSITIONS, from)) expect(to).toBe(from);
          expect(after.session.version).toBeGreaterThanOrEqual(before.session.version);
          if (c.kind !== 'advance' && changed(withoutPresence(before), withoutPresence(after))) {
            // A transition (any status, participant or session field other than lastSeenAt): exactly one bump.
            expect(after.session.version).toBe(before.session.version + 1);
          } else if (c.kind === 'heartbeat') {
            // A presence-only heartbeat is not a transition: lastSeenAt moves, the version does not.
            expect(after.session.version).toBe(before.session.version);
            const ids = before.participants.map((p) => p.id);
            const beat = after.participants.find((p) => p.id === ids[c.who % ids.length]);
            expect(beat?.lastSeenAt?.getTime()).toBe(clock.now().getTime());
          } else if (!changed(before, after)) {
            expect(after.session.version).toBe(before.session.version);
          }
          if (statuses(before) !== statuses(after))
            expect(after.session.version).toBeGreaterThan(before.session.version);
          for (const p of after.participants) {
            const old = before.participants.find((q) => q.id === p.id);
            if (old)
              expect(
                old.status === p.status ||
                  canTransition(PARTICIPANT_TRANSITIONS, old.status, p.status),
              ).toBe(true);
            else expect(p.status).toBe('invited');
          }
          const present = after.participants.filter((p) => p.status !== 'removed');
          expect(present.filter((p) => p.role === 'patient').length).toBeLessThanOrEqual(1);
          expect(present.length).toBeLessThanOrEqual(MAX);
          if (to === 'active' || to === 'ended' || to === 'failed')
            expect(after.session.actualStart).not.toBeNull();
          if (to === 'ended') expect(after.session.actualEnd).not.toBeNull();
          if (after.session.encounterId !== null) expect(to).toBe('ended');
          if (after.session.recordingRef !== null)
            expect(after.session.recordingEnabled).toBe(true);
          before = after;
        }
        // Events were collected for every change and carry the aggregate id.
        expect(s.pullEvents().every((e) => e.aggregateId === 'vsn_1')).toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});
