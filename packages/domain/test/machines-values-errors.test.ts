import { describe, expect, it } from 'vitest';
import { DomainError, isDomainError } from '../src/errors/domain.errors';
import { DOMAIN_EVENT_TYPES, isDomainEvent } from '../src/events/domain.events';
import { assertTransition, isTerminal } from '../src/machines/transition.machine';
import { SESSION_TRANSITIONS } from '../src/machines/virtual-session.machine';
import { ASYNC_VISIT_TRANSITIONS } from '../src/machines/async-visit.machine';
import { degrade, isLowerTier } from '../src/values/bandwidth-profile.value';
import { consentRecordOf, isConsentOnFile } from '../src/values/consent.value';
import { assertWithinWindow, claimsFor, joinWindow } from '../src/values/join-token.value';
import { roomSlug } from '../src/values/room-slug.value';
import { isVideoBackend } from '../src/values/video-backend.value';
import { VirtualSession } from '../src/session/virtual-session.aggregate';
import { FakeClock } from './fakes/fake-clock';
import { SequentialIds } from './fakes/fake-ids';
import { expectCode } from './helpers';

describe('errors', () => {
  it('DomainError carries code and details', () => {
    const e = new DomainError('NOT_FOUND', 'x');
    expect(e).toMatchObject({ name: 'DomainError', code: 'NOT_FOUND', details: {} });
    expect(isDomainError(e)).toBe(true);
    expect(isDomainError(e, 'FORBIDDEN')).toBe(false);
    expect(isDomainError(new Error('x'))).toBe(false);
  });
});

describe('events', () => {
  it("thirteen events named as in the domain model seed, then our fallback request's", () => {
    expect(DOMAIN_EVENT_TYPES).toHaveLength(14);
    expect(new Set(DOMAIN_EVENT_TYPES).size).toBe(14);
    expect(DOMAIN_EVENT_TYPES.at(-1)).toBe('virtual_care.session.fallback.requested.v1');
    expect(isDomainEvent({ type: 'virtual_care.session.created.v1' })).toBe(true);
    expect(isDomainEvent({ type: 'CONSENT_GATE_BLOCKED' })).toBe(false);
  });
});

describe('machines', () => {
  it('ended and cancelled are terminal; failed only ends (from messages); an ended session never reactivates', () => {
    expect(isTerminal(SESSION_TRANSITIONS, 'ended')).toBe(true);
    expect(isTerminal(SESSION_TRANSITIONS, 'cancelled')).toBe(true);
    expect(isTerminal(SESSION_TRANSITIONS, 'active')).toBe(false);
    expect(SESSION_TRANSITIONS.failed).toEqual(['ended']);
    expect(() => assertTransition(SESSION_TRANSITIONS, 'failed', 'active', 'session')).toThrow(
      DomainError,
    );
    expect(() => assertTransition(SESSION_TRANSITIONS, 'ended', 'active', 'session')).toThrow(
      DomainError,
    );
    expect(() => assertTransition(ASYNC_VISIT_TRANSITIONS, 'closed', 'draft', 'visit')).toThrow(
      DomainError,
    );
  });
});

describe('values', () => {
  it('bandwidth degrades video -> audio_only -> async_text', () => {
    expect(degrade('video')).toBe('audio_only');
    expect(degrade('audio_only')).toBe('async_text');
    expect(degrade('async_text')).toBeNull();
    expect(isLowerTier('async_text', 'video')).toBe(true);
    expect(isLowerTier('video', 'audio_only')).toBe(false);
  });
  it('room slug is {prefix}-{8 chars}', async () => {
    expect(roomSlug(null, 'abcdefgh')).toBe('vc-abcdefgh');
    expect(roomSlug('north', '12345678')).toBe('north-12345678');
    await expectCode(() => roomSlug('x', 'short'), 'VALIDATION_FAILED');
  });
  it('video backends', () => {
    expect(isVideoBackend('teams')).toBe(true);
    expect(isVideoBackend('skype')).toBe(false);
  });
  it('consent: latest record decides; records are frozen', () => {
    const base = {
      id: 'cns_1',
      tenantId: 't',
      patientId: 'p',
      type: 'telehealth' as const,
      textVersion: 'v1',
      capturedAt: new Date(),
      capturedBy: 'u',
      method: 'portal' as const,
    };
    const granted = consentRecordOf({ ...base, decision: 'granted' });
    expect(Object.isFrozen(granted)).toBe(true);
    expect(isConsentOnFile(granted)).toBe(true);
    expect(isConsentOnFile(consentRecordOf({ ...base, decision: 'revoked' }))).toBe(false);
    expect(isConsentOnFile(null)).toBe(false);
  });
  it('join window: graceBefore before start to graceAfter after end', async () => {
    const w = joinWindow(
      {
        scheduledStart: new Date('2026-01-01T10:00:00Z'),
        scheduledEnd: new Date('2026-01-01T10:30:00Z'),
      },
      { sessionGraceMinutesBefore: 15, sessionGraceMinutesAfter: 30 },
    );
    expect(w).toEqual({
      notBefore: new Date('2026-01-01T09:45:00Z'),
      expiresAt: new Date('2026-01-01T11:00:00Z'),
    });
    const claims = claimsFor(
      { tenantId: 't', sessionId: 's', participantId: 'p', role: 'patient' },
      w,
    );
    expect(() => assertWithinWindow(claims, new Date('2026-01-01T09:45:00Z'))).not.toThrow();
    await expectCode(
      () => assertWithinWindow(claims, new Date('2026-01-01T09:44:59Z')),
      'TOKEN_NOT_YET_VALID',
    );
    await expectCode(
      () => assertWithinWindow(claims, new Date('2026-01-01T11:00:00Z')),
      'TOKEN_EXPIRED',
    );
  });
});

describe('VirtualSession invariants', () => {
  const make = (overrides = {}) => {
    const clock = new FakeClock();
    const start = clock.now();
    return VirtualSession.create(
      'vsn_1',
      {
        tenantId: 't',
        nodeId: 'n',
        patientId: 'pat',
        appointmentId: null,
        initiatorId: 'dr',
        videoBackend: 'jitsi',
        roomName: 'vc-a',
        roomUrl: 'u',
        scheduledStart: start,
        scheduledEnd: new Date(start.getTime() + 60_000),
        recordingEnabled: false,
        recordingConsentOnFile: false,
        ...overrides,
      },
      { clock, ids: new SequentialIds() },
    );
  };
  it('recording only with recording consent on file', async () => {
    const e = await expectCode(() => make({ recordingEnabled: true }), 'CONSENT_REQUIRED');
    expect(e.details.gate).toBe('recording_consent');
    expect(
      make({ recordingEnabled: true, recordingConsentOnFile: true }).snapshot().session
        .recordingEnabled,
    ).toBe(true);
  });
  it('fail only from active and only once grace has expired', async () => {
    const s = make();
    await expectCode(() => s.fail('x', 60), 'INVALID_STATUS_TRANSITION');
    const p = s.snapshot().participants;
    s.join(p[0]!.id, 60);
    s.join(p[1]!.id, 60);
    s.admit(p[1]!.id, 'dr');
    const e = await expectCode(() => s.fail('x', 60), 'INVALID_STATUS_TRANSITION');
    expect(e.details.reason).toBe('grace_not_expired');
  });
  it('recordings need recording enabled and an active or ended session; encounters need an ended session', async () => {
    await expectCode(() => make().attachRecording('r'), 'VALIDATION_FAILED');
    await expectCode(
      () => make({ recordingEnabled: true, recordingConsentOnFile: true }).attachRecording('r'),
      'INVALID_STATUS_TRANSITION',
    );
    await expectCode(() => make().recordEncounter('e'), 'INVALID_STATUS_TRANSITION');
    await expectCode(() => make().participant('nope'), 'NOT_FOUND');
    expect(make().durationSeconds()).toBe(0);
  });
  it('a second, different Encounter id is refused; the same one is a no-op', async () => {
    const s = make();
    const p = s.snapshot().participants;
    s.join(p[0]!.id, 60);
    s.join(p[1]!.id, 60);
    s.admit(p[1]!.id, 'dr');
    s.end('dr');
    expect(s.end('dr')).toBe(false);
    expect(s.recordEncounter('e1')).toBe(true);
    expect(s.recordEncounter('e1')).toBe(false);
    await expectCode(() => s.recordEncounter('e2'), 'VALIDATION_FAILED');
    expect(s.isUnsaved).toBe(true);
  });
});
