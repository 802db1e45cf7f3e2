import { describe, expect, it } from 'vitest';
import { DomainError } from '../src/errors/domain.errors';
import { createVirtualSession } from '../src/use-cases/create-virtual-session.use-case';
import { defaultTenantConfig } from '../src/config/tenant-config-defaults.value';
import { FakeLocalConsentCheck } from './fakes/fake-ports';
import { createCommand, harness, PATIENT, TENANT } from './fakes/harness';

async function rejectCode(p: Promise<unknown>): Promise<DomainError> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe('createVirtualSession', () => {
  it('US-001: licensed tenant + telehealth consent -> scheduled session, version 1, room url and name', async () => {
    const h = harness();
    const created = await createVirtualSession(h, createCommand(h));
    expect(created.session).toMatchObject({
      status: 'scheduled',
      version: 1,
      roomName: 'vc-abcd1234',
      videoBackend: 'jitsi',
    });
    expect(created.session.roomUrl).toContain('vc-abcd1234');
    expect(created.session.id).toMatch(/^vsn_/);
    expect(created.participants.map((p) => [p.role, p.status])).toEqual([
      ['provider', 'invited'],
      ['patient', 'invited'],
    ]);
    expect(h.uow.sessions).toHaveLength(1);
  });

  it('US-001: a created session puts virtual_care.session.created.v1 in the outbox', async () => {
    const h = harness();
    await createVirtualSession(h, createCommand(h));
    expect(h.uow.eventTypes()).toEqual(['virtual_care.session.created.v1', 'SESSION_CREATED']);
  });

  it('US-001: jitsi health 503 -> VIDEO_PROVIDER_UNAVAILABLE and no session saved', async () => {
    const h = harness();
    h.videoHealth.health.jitsi = { healthy: false, latencyMs: 40, reason: 'HTTP 503' };
    const error = await rejectCode(createVirtualSession(h, createCommand(h)));
    expect(error.code).toBe('VIDEO_PROVIDER_UNAVAILABLE');
    expect(error.details).toMatchObject({ reason: 'HTTP 503', backend: 'jitsi' });
    expect(h.uow.sessions).toHaveLength(0);
    expect(h.video.rooms).toHaveLength(0);
  });

  it('US-007: the health check runs before createRoom and the slug uses the tenant prefix', async () => {
    const h = harness();
    h.uow.tables.configs.set(TENANT, {
      ...defaultTenantConfig(TENANT, h.clock.now()),
      roomSlugPrefix: 'clinic',
      version: 1,
    });
    const created = await createVirtualSession(h, createCommand(h));
    expect(h.videoHealth.checked).toEqual(['jitsi']);
    expect(created.session.roomName).toBe('clinic-abcd1234');
  });

  it('US-007: unhealthy backend without a reason still reports null', async () => {
    const h = harness();
    h.videoHealth.health.jitsi = { healthy: false, latencyMs: 0 };
    const error = await rejectCode(createVirtualSession(h, createCommand(h)));
    expect(error.details.reason).toBeNull();
  });

  it('US-005: no telehealth consent -> 403 CONSENT_REQUIRED, CONSENT_GATE_BLOCKED audited, nothing saved', async () => {
    const h = harness();
    h.consent.granted.clear();
    const error = await rejectCode(createVirtualSession(h, createCommand(h)));
    expect(error.code).toBe('CONSENT_REQUIRED');
    expect(error.details.gate).toBe('telehealth_consent');
    expect(h.uow.sessions).toHaveLength(0);
    expect(h.uow.outbox).toEqual([
      expect.objectContaining({ type: 'CONSENT_GATE_BLOCKED', subjectId: PATIENT }),
    ]);
    expect(h.video.rooms).toHaveLength(0);
  });

  it('US-005: consent service unreachable -> 503 CONSENT_SERVICE_UNAVAILABLE (fail-closed), audited', async () => {
    const h = harness();
    h.consent.failure = new Error('ECONNREFUSED');
    const error = await rejectCode(createVirtualSession(h, createCommand(h)));
    expect(error.code).toBe('CONSENT_SERVICE_UNAVAILABLE');
    expect(h.uow.sessions).toHaveLength(0);
    expect(h.uow.eventTypes()).toEqual(['CONSENT_GATE_BLOCKED']);
  });

  it('US-005: a CONSENT_SERVICE_UNAVAILABLE from the adapter is passed through unchanged', async () => {
    const h = harness();
    const original = new DomainError('CONSENT_SERVICE_UNAVAILABLE', 'down', { upstream: 503 });
    h.consent.failure = original;
    expect(await rejectCode(createVirtualSession(h, createCommand(h)))).toBe(original);
  });

  describe("consent from the local records (an adapter that reads in the caller's unit of work)", () => {
    const localHarness = () => ({ ...harness(), consent: new FakeLocalConsentCheck() });

    it('is read in the transaction that loads the config: one before the save, none of its own', async () => {
      const h = localHarness();
      h.consent.granted.add('recording');
      h.uow.tables.configs.set(TENANT, {
        ...defaultTenantConfig(TENANT, h.clock.now()),
        recordingEnabled: true,
        version: 1,
      });
      await createVirtualSession(h, createCommand(h, { recordingEnabled: true }));
      expect(h.consent.askedWithin).toEqual([TENANT, TENANT]);
      expect(h.uow.runs).toBe(2);
    });

    it('US-005: none on file -> CONSENT_REQUIRED, audited, nothing saved', async () => {
      const h = localHarness();
      h.consent.granted.clear();
      const error = await rejectCode(createVirtualSession(h, createCommand(h)));
      expect(error).toMatchObject({
        code: 'CONSENT_REQUIRED',
        details: { gate: 'telehealth_consent' },
      });
      expect(h.uow.sessions).toHaveLength(0);
      expect(h.uow.eventTypes()).toEqual(['CONSENT_GATE_BLOCKED']);
    });

    it('US-005: an unreadable record -> CONSENT_SERVICE_UNAVAILABLE (fail-closed), audited', async () => {
      const h = localHarness();
      h.consent.failure = new Error('connection lost');
      const error = await rejectCode(createVirtualSession(h, createCommand(h)));
      expect(error.code).toBe('CONSENT_SERVICE_UNAVAILABLE');
      expect(h.uow.sessions).toHaveLength(0);
      expect(h.uow.eventTypes()).toEqual(['CONSENT_GATE_BLOCKED']);
    });
  });

  it('US-005: valid telehealth consent -> no consent error', async () => {
    const h = harness();
    await expect(createVirtualSession(h, createCommand(h))).resolves.toBeDefined();
  });

  it('US-006: recordingEnabled without recording consent -> CONSENT_REQUIRED with gate recording_consent', async () => {
    const h = harness();
    h.uow.tables.configs.set(TENANT, {
      ...defaultTenantConfig(TENANT, h.clock.now()),
      recordingEnabled: true,
      version: 1,
    });
    const error = await rejectCode(
      createVirtualSession(h, createCommand(h, { recordingEnabled: true })),
    );
    expect(error).toMatchObject({
      code: 'CONSENT_REQUIRED',
      details: { gate: 'recording_consent' },
    });
    expect(h.uow.sessions).toHaveLength(0);
    expect(h.uow.eventTypes()).toEqual(['CONSENT_GATE_BLOCKED']);
  });

  it('US-006: recording consent on file -> recordingEnabled true on the row', async () => {
    const h = harness();
    h.uow.tables.configs.set(TENANT, {
      ...defaultTenantConfig(TENANT, h.clock.now()),
      recordingEnabled: true,
      version: 1,
    });
    h.consent.granted.add('recording');
    const created = await createVirtualSession(h, createCommand(h, { recordingEnabled: true }));
    expect(created.session.recordingEnabled).toBe(true);
  });

  it('recording requested while the tenant disables recording -> VALIDATION_FAILED', async () => {
    const h = harness();
    const error = await rejectCode(
      createVirtualSession(h, createCommand(h, { recordingEnabled: true })),
    );
    expect(error.code).toBe('VALIDATION_FAILED');
  });

  it('module not licensed -> MODULE_NOT_LICENSED before consent is asked', async () => {
    const h = harness();
    h.licence.licensed = false;
    h.consent.failure = new Error('must not be called');
    const error = await rejectCode(createVirtualSession(h, createCommand(h)));
    expect(error).toMatchObject({
      code: 'MODULE_NOT_LICENSED',
      details: { hint: 'tenant_licensing_page' },
    });
  });

  it('an unknown patient is 404 NOT_FOUND, not a consent refusal: no session, no consent audit, no room', async () => {
    const h = harness();
    const error = await rejectCode(
      createVirtualSession(h, createCommand(h, { patientId: 'nobody' })),
    );
    expect(error.code).toBe('NOT_FOUND');
    expect(h.uow.sessions).toHaveLength(0);
    expect(h.uow.eventTypes()).toEqual([]);
    expect(h.video.rooms).toHaveLength(0);
  });

  it('a session needs a patient and a sane schedule (checked before any outside call)', async () => {
    const h = harness();
    h.licence.licensed = false;
    expect(
      (await rejectCode(createVirtualSession(h, createCommand(h, { patientId: ' ' })))).code,
    ).toBe('VALIDATION_FAILED');
    const cmd = createCommand(h);
    const error = await rejectCode(
      createVirtualSession(h, { ...cmd, scheduledEnd: cmd.scheduledStart }),
    );
    expect(error.details.field).toBe('scheduledEnd');
  });

  it('a session booked without an end lasts 30 minutes; one that would already be over is refused', async () => {
    const h = harness();
    const cmd = createCommand(h, { scheduledEnd: null });
    const created = await createVirtualSession(h, cmd);
    expect(created.session.scheduledEnd.getTime() - cmd.scheduledStart.getTime()).toBe(30 * 60_000);
    const past = new Date(h.clock.now().getTime() - 60 * 60_000);
    const error = await rejectCode(
      createVirtualSession(h, createCommand(h, { scheduledStart: past, scheduledEnd: null })),
    );
    expect([error.code, error.details.field]).toEqual(['VALIDATION_FAILED', 'scheduledEnd']);
  });

  it("returns the patient's first join token, valid for the session's join window", async () => {
    const h = harness();
    const created = await createVirtualSession(h, createCommand(h));
    const patient = created.participants.find((p) => p.role === 'patient')!;
    const claims = await h.signer.verify(created.patientJoinToken.token);
    expect(claims).toMatchObject({
      sessionId: created.session.id,
      participantId: patient.id,
      role: 'patient',
    });
    expect(created.patientJoinToken.participantId).toBe(patient.id);
    expect(created.patientJoinToken.expiresAt.getTime()).toBe(claims.exp * 1000);
  });

  it('PROVIDER_QUOTA_EXCEEDED falls back to the configured secondary backend', async () => {
    const h = harness();
    h.uow.tables.configs.set(TENANT, {
      ...defaultTenantConfig(TENANT, h.clock.now()),
      fallbackVideoBackend: 'mediasoup',
      version: 1,
    });
    h.video.quotaExceeded.add('jitsi');
    const created = await createVirtualSession(h, createCommand(h));
    expect(created.session.videoBackend).toBe('mediasoup');
    expect(h.videoHealth.checked).toEqual(['jitsi', 'mediasoup']);
  });

  it('a health check answering "over quota" is PROVIDER_QUOTA_EXCEEDED and falls back too', async () => {
    const h = harness();
    h.uow.tables.configs.set(TENANT, {
      ...defaultTenantConfig(TENANT, h.clock.now()),
      fallbackVideoBackend: 'mediasoup',
      version: 1,
    });
    h.videoHealth.health.jitsi = {
      healthy: false,
      latencyMs: 3,
      quotaExceeded: true,
      reason: 'HTTP 429',
    };
    const created = await createVirtualSession(h, createCommand(h));
    expect(created.session.videoBackend).toBe('mediasoup');
    expect(h.video.rooms.map((r) => r.backend)).toEqual(['mediasoup']);
    h.uow.tables.configs.set(TENANT, { ...defaultTenantConfig(TENANT, h.clock.now()), version: 1 });
    const error = await rejectCode(createVirtualSession(h, createCommand(h)));
    expect(error).toMatchObject({
      code: 'PROVIDER_QUOTA_EXCEEDED',
      details: { reason: 'HTTP 429' },
    });
  });

  it('PROVIDER_QUOTA_EXCEEDED without a fallback is returned and nothing is saved', async () => {
    const h = harness();
    h.video.quotaExceeded.add('jitsi');
    expect((await rejectCode(createVirtualSession(h, createCommand(h)))).code).toBe(
      'PROVIDER_QUOTA_EXCEEDED',
    );
    expect(h.uow.sessions).toHaveLength(0);
  });

  it('a fallback equal to the requested backend is not retried', async () => {
    const h = harness();
    h.uow.tables.configs.set(TENANT, {
      ...defaultTenantConfig(TENANT, h.clock.now()),
      fallbackVideoBackend: 'zoom',
      version: 1,
    });
    h.video.quotaExceeded.add('zoom');
    const error = await rejectCode(
      createVirtualSession(h, createCommand(h, { videoBackend: 'zoom', appointmentId: 'appt-1' })),
    );
    expect(error.code).toBe('PROVIDER_QUOTA_EXCEEDED');
  });

  it('other room errors are not retried on the fallback', async () => {
    const h = harness();
    h.uow.tables.configs.set(TENANT, {
      ...defaultTenantConfig(TENANT, h.clock.now()),
      fallbackVideoBackend: 'mediasoup',
      version: 1,
    });
    h.videoHealth.health.jitsi = { healthy: false, latencyMs: 1 };
    expect((await rejectCode(createVirtualSession(h, createCommand(h)))).code).toBe(
      'VIDEO_PROVIDER_UNAVAILABLE',
    );
    expect(h.videoHealth.checked).toEqual(['jitsi']);
  });
});
