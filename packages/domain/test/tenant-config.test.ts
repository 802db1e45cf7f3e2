import { describe, expect, it } from 'vitest';
import { defaultTenantConfig } from '../src/config/tenant-config-defaults.value';
import { hostAllowed, hostOf } from '../src/config/tenant-config-validation.value';
import { getTenantConfig } from '../src/use-cases/get-tenant-config.use-case';
import { testVideoConnection } from '../src/use-cases/test-video-connection.use-case';
import {
  updateTenantConfig,
  type UpdateTenantConfigCommand,
} from '../src/use-cases/update-tenant-config.use-case';
import { harness, TENANT, type Harness } from './fakes/harness';
import { expectCode } from './helpers';

const allow = ['cdn.clinic.example', '*.assets.example'];
const update = (h: Harness, c: Partial<UpdateTenantConfigCommand>) =>
  updateTenantConfig(h, {
    tenantId: TENANT,
    actorId: 'admin-1',
    patch: {},
    logoHostAllowlist: allow,
    ...c,
  });

describe('tenant config (US-010)', () => {
  it('US-010: saves jitsiServerUrl, brandingLogoUrl, maxParticipants; config.updated.v1 carries only changedFields', async () => {
    const h = harness();
    const result = await update(h, {
      expectedVersion: 0,
      patch: {
        jitsiServerUrl: 'https://meet.clinic.example',
        brandingLogoUrl: 'https://cdn.clinic.example/logo.png',
        maxParticipants: 6,
      },
      credentials: { jitsiJwtSecret: 's3cret-value' },
    });
    expect(result.changedFields).toEqual([
      'jitsiServerUrl',
      'brandingLogoUrl',
      'maxParticipants',
      'jitsiJwtSecret',
    ]);
    expect(result.config).toMatchObject({
      version: 1,
      jitsiJwtSecret: '****',
      zoomApiKey: null,
      maxParticipants: 6,
    });
    const event = h.uow.outbox.find((e) => e.type === 'virtual_care.config.updated.v1');
    expect(event && 'payload' in event ? event.payload : null).toEqual({
      changedFields: result.changedFields,
    });
    const stored = h.uow.tables.configs.get(TENANT)!;
    expect(stored.jitsiJwtSecretEncrypted).toMatch(/^enc:/);
    expect(JSON.stringify(h.uow.outbox)).not.toContain('s3cret-value');
    expect(JSON.stringify(h.uow.outbox)).not.toContain(stored.jitsiJwtSecretEncrypted);
  });

  it('US-010: GET returns every credential as "****" (never the ciphertext)', async () => {
    const h = harness();
    await update(h, {
      credentials: { jitsiJwtSecret: 'a', zoomApiKey: 'b', webexClientId: 'c', teamsClientId: 'd' },
    });
    const view = await getTenantConfig(h, { tenantId: TENANT });
    expect(view).toMatchObject({
      jitsiJwtSecret: '****',
      zoomApiKey: '****',
      webexClientId: '****',
      teamsClientId: '****',
    });
    expect(JSON.stringify(view)).not.toContain('enc:');
  });

  it('defaults from the seed when never saved', async () => {
    const h = harness();
    expect(await getTenantConfig(h, { tenantId: TENANT })).toMatchObject({
      defaultVideoBackend: 'jitsi',
      sessionGraceMinutesBefore: 15,
      sessionGraceMinutesAfter: 30,
      maxParticipants: 8,
      graceReconnectSeconds: 60,
      recordingEnabled: false,
      version: 0,
    });
  });

  it('"****" and omitted credentials keep the stored value; null clears; no change means no event', async () => {
    const h = harness();
    await update(h, { credentials: { jitsiJwtSecret: 'x' } });
    const unchanged = await update(h, {
      credentials: { jitsiJwtSecret: '****' },
      patch: { maxParticipants: 8 },
    });
    expect(unchanged.changedFields).toEqual([]);
    expect(h.uow.eventTypes().filter((t) => t === 'virtual_care.config.updated.v1')).toHaveLength(
      1,
    );
    const cleared = await update(h, { credentials: { jitsiJwtSecret: null, zoomApiKey: null } });
    expect(cleared.changedFields).toEqual(['jitsiJwtSecret']);
    expect(cleared.config.jitsiJwtSecret).toBeNull();
  });

  it('stale expectedVersion -> OPTIMISTIC_LOCK_CONFLICT with currentVersion', async () => {
    const h = harness();
    await update(h, { patch: { maxParticipants: 5 } });
    const e = await expectCode(
      update(h, { expectedVersion: 0, patch: { maxParticipants: 6 } }),
      'OPTIMISTIC_LOCK_CONFLICT',
    );
    expect(e.details.currentVersion).toBe(1);
  });

  it('a concurrent save between read and write -> OPTIMISTIC_LOCK_CONFLICT', async () => {
    const h = harness();
    h.uow.tables.configs.set(TENANT, { ...defaultTenantConfig(TENANT, h.clock.now()), version: 1 });
    const realGet = h.uow.run.bind(h.uow);
    h.uow.run = (tenantId, work) =>
      realGet(tenantId, async (scope) => {
        const save = scope.tenantConfigs.save;
        return work({
          ...scope,
          tenantConfigs: { get: scope.tenantConfigs.get, save: async (c) => save({ ...c }, 42) },
        });
      });
    const e = await expectCode(
      update(h, { patch: { maxParticipants: 6 } }),
      'OPTIMISTIC_LOCK_CONFLICT',
    );
    expect(e.details.currentVersion).toBe(1);
  });

  it.each([
    [{ maxParticipants: 1 }, 'maxParticipants'],
    [{ maxParticipants: 21 }, 'maxParticipants'],
    [{ maxParticipants: 2.5 }, 'maxParticipants'],
    [{ jitsiServerUrl: 'http://meet.example' }, 'jitsiServerUrl'],
    [{ mediasoupWsUrl: 'ws://sfu.example' }, 'mediasoupWsUrl'],
    [{ brandingLogoUrl: 'http://cdn.clinic.example/l.png' }, 'brandingLogoUrl'],
    [{ brandingLogoUrl: 'https://evil.example/l.png' }, 'brandingLogoUrl'],
    [{ brandingPrimaryColor: 'red' }, 'brandingPrimaryColor'],
    [{ brandingPrimaryColor: '#12345' }, 'brandingPrimaryColor'],
    [{ roomSlugPrefix: 'Bad Prefix' }, 'roomSlugPrefix'],
    [{ sessionGraceMinutesBefore: -1 }, 'sessionGraceMinutesBefore'],
    [{ sessionGraceMinutesAfter: -5 }, 'sessionGraceMinutesAfter'],
    [{ graceReconnectSeconds: -1 }, 'graceReconnectSeconds'],
    [{ fallbackVideoBackend: 'jitsi' as const }, 'fallbackVideoBackend'],
  ])('rejects %o (VALIDATION_FAILED on %s)', async (patch, field) => {
    const h = harness();
    const e = await expectCode(update(h, { patch }), 'VALIDATION_FAILED');
    expect(e.details.field).toBe(field);
    expect(h.uow.tables.configs.size).toBe(0);
  });

  it('allows plain http only for a loopback video backend, and only when the deployment says so (decision 0005)', async () => {
    const h = harness();
    await expectCode(
      update(h, { patch: { jitsiServerUrl: 'http://localhost:8443' } }),
      'VALIDATION_FAILED',
    );
    const local = await update(h, {
      allowLoopbackHttp: true,
      patch: { jitsiServerUrl: 'http://127.0.0.1:8443' },
    });
    expect(local.config.jitsiServerUrl).toBe('http://127.0.0.1:8443');
    const e = await expectCode(
      update(h, { allowLoopbackHttp: true, patch: { jitsiServerUrl: 'http://meet.example' } }),
      'VALIDATION_FAILED',
    );
    expect(e.details.field).toBe('jitsiServerUrl');
  });

  it('accepts valid branding, subdomain allowlist, wss URL and a raised platform limit', async () => {
    const h = harness();
    const r = await update(h, {
      platformMaxParticipants: 30,
      patch: {
        maxParticipants: 25,
        brandingLogoUrl: 'https://img.assets.example:8443/l.svg?x=1',
        brandingPrimaryColor: '#0A7cFF',
        mediasoupWsUrl: 'wss://sfu.example/ws',
        roomSlugPrefix: 'north-clinic',
        fallbackVideoBackend: 'mediasoup',
      },
    });
    expect(r.config.maxParticipants).toBe(25);
  });

  it('URL helpers', () => {
    expect(hostOf('https://A.Example/x', 'https')).toBe('a.example');
    expect(hostOf('not a url', 'https')).toBeNull();
    expect(hostAllowed('a.example', [])).toBe(false);
  });

  it('US-010: test connection returns { healthy, latencyMs } for the configured or candidate URL', async () => {
    const h = harness();
    expect(await testVideoConnection(h, { tenantId: TENANT })).toEqual({
      healthy: true,
      latencyMs: 12,
    });
    h.videoHealth.health.zoom = { healthy: false, latencyMs: 3, reason: 'timeout' };
    expect(
      await testVideoConnection(h, {
        tenantId: TENANT,
        backend: 'zoom',
        jitsiServerUrl: 'https://x.example',
      }),
    ).toMatchObject({ healthy: false });
  });
});
