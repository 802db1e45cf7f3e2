import { randomBytes } from 'node:crypto';
import { jwtVerify } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isDomainError, type ParticipantRole } from '@virtual-care/domain';
import { startJitsiMeetStandIn, type JitsiMeetStandIn } from '@virtual-care/stand-ins';
import { createJitsiHealthCheck } from '../../src/adapters/jitsi-health-check.adapter';
import {
  createJitsiMeetAdapter,
  jitsiMeetingOptions,
  jwtFromJoinUrl,
} from '../../src/adapters/jitsi-meet.adapter';
import {
  createKmsSecretStore,
  masterKeyWrapper,
  parseMasterKeys,
} from '../../src/adapters/kms-secret.adapter';
import { tenantConfig } from './tenant-config.fixture';

const TENANT = 'tnt_jitsi';
const JITSI_SECRET = 'tenant-jitsi-shared-secret-0123456789';
const APP_ID = 'virtual-care-test';

const secretStore = createKmsSecretStore({
  keyWrapper: masterKeyWrapper(parseMasterKeys(`mk1:${randomBytes(32).toString('base64')}`)),
});

let jitsi: JitsiMeetStandIn;
beforeAll(async () => {
  jitsi = await startJitsiMeetStandIn({ jwtSecret: JITSI_SECRET, appId: APP_ID });
});
afterAll(async () => {
  await jitsi.stop();
});
beforeEach(() => {
  jitsi.setHealthy(true);
  jitsi.setHealthDelay(0);
  jitsi.setQuotaExceeded(false);
});

async function configFor(overrides: Parameters<typeof tenantConfig>[0] = {}) {
  return tenantConfig({
    tenantId: TENANT,
    jitsiServerUrl: jitsi.url,
    jitsiJwtAppId: APP_ID,
    jitsiJwtSecretEncrypted: await secretStore.encrypt(TENANT, JITSI_SECRET),
    brandingLogoUrl: 'https://clinic.example/logo.png',
    brandingPrimaryColor: '#0a7f5a',
    ...overrides,
  });
}

describe('jitsi health check (US-001, US-007, US-010 test connection)', () => {
  const health = createJitsiHealthCheck({ allowInsecureLoopback: true });

  it('healthy: 200 from /about/health with a measured latency', async () => {
    const result = await health.check({
      tenantId: TENANT,
      backend: 'jitsi',
      config: await configFor(),
    });
    expect(result.healthy).toBe(true);
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('503 from the health endpoint -> unhealthy with the status as reason', async () => {
    jitsi.setHealthy(false);
    const result = await health.check({
      tenantId: TENANT,
      backend: 'jitsi',
      config: await configFor(),
    });
    expect(result).toMatchObject({ healthy: false, reason: 'HTTP 503' });
    expect(result.quotaExceeded).toBeUndefined();
  });

  it('a quota answer (429) -> unhealthy and quotaExceeded, so the caller may use its fallback', async () => {
    jitsi.setQuotaExceeded(true);
    const result = await health.check({
      tenantId: TENANT,
      backend: 'jitsi',
      config: await configFor(),
    });
    expect(result).toMatchObject({
      healthy: false,
      quotaExceeded: true,
      reason: 'HTTP 429 (quota exceeded)',
    });
  });

  it('a backend slower than the timeout -> unhealthy "timed out", within the deadline', async () => {
    jitsi.setHealthDelay(1500);
    const quick = createJitsiHealthCheck({ allowInsecureLoopback: true, timeoutMs: 200 });
    const started = Date.now();
    const result = await quick.check({
      tenantId: TENANT,
      backend: 'jitsi',
      config: await configFor(),
    });
    expect(result).toMatchObject({ healthy: false, reason: 'timed out' });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('nothing listening -> unhealthy, no throw', async () => {
    const result = await health.check({
      tenantId: TENANT,
      backend: 'jitsi',
      config: await configFor({ jitsiServerUrl: 'http://127.0.0.1:1' }),
    });
    expect(result.healthy).toBe(false);
    expect(result.reason).toMatch(/network error/);
  });

  it('plain http to a non-loopback host, or loopback without demo mode, is refused without a request', async () => {
    const before = jitsi.healthRequestCount();
    const strict = createJitsiHealthCheck();
    expect(
      await strict.check({ tenantId: TENANT, backend: 'jitsi', config: await configFor() }),
    ).toMatchObject({ healthy: false, reason: 'the Jitsi server URL must use https' });
    expect(
      await health.check({
        tenantId: TENANT,
        backend: 'jitsi',
        config: await configFor({ jitsiServerUrl: 'http://jitsi.example.org' }),
      }),
    ).toMatchObject({ healthy: false });
    expect(jitsi.healthRequestCount()).toBe(before);
  });

  it('an unsupported backend is unhealthy with a clear reason', async () => {
    const result = await health.check({
      tenantId: TENANT,
      backend: 'zoom',
      config: await configFor(),
    });
    expect(result).toMatchObject({
      healthy: false,
      reason: 'backend zoom is not supported by this deployment',
    });
  });
});

describe('jitsi rooms and join credentials (US-007)', () => {
  const adapter = createJitsiMeetAdapter({ secretStore, allowInsecureLoopback: true });
  const schedule = {
    scheduledStart: new Date(Date.now() + 60_000),
    scheduledEnd: new Date(Date.now() + 3_600_000),
    recordingEnabled: false,
  };

  it('createRoom keeps the slug made by the domain and returns {server}/{room}', async () => {
    const room = await adapter.createRoom({
      tenantId: TENANT,
      backend: 'jitsi',
      roomName: 'clinic-ab12cd34',
      ...schedule,
      config: await configFor(),
    });
    expect(room).toEqual({ roomName: 'clinic-ab12cd34', roomUrl: `${jitsi.url}/clinic-ab12cd34` });
  });

  it('createRoom calls nothing: Jitsi makes a room on first join, the health check asked just before', async () => {
    const room = await adapter.createRoom({
      tenantId: TENANT,
      backend: 'jitsi',
      roomName: 'clinic-ab12cd34',
      ...schedule,
      config: await configFor({ jitsiServerUrl: 'http://127.0.0.1:1' }),
    });
    expect(room.roomUrl).toBe('http://127.0.0.1:1/clinic-ab12cd34');
  });

  it('createRoom: another backend -> VIDEO_PROVIDER_UNAVAILABLE naming it', async () => {
    const error = await adapter
      .createRoom({
        tenantId: TENANT,
        backend: 'teams',
        roomName: 'clinic-ab12cd34',
        ...schedule,
        config: await configFor(),
      })
      .catch((e: unknown) => e);
    expect(isDomainError(error, 'VIDEO_PROVIDER_UNAVAILABLE')).toBe(true);
    expect((error as Error).message).toBe(
      'Video backend teams is not supported by this deployment',
    );
  });

  it.each([
    ['an http logo', { brandingLogoUrl: 'http://clinic.example/logo.png' }, 'brandingLogoUrl'],
    ['a javascript: logo', { brandingLogoUrl: 'javascript:alert(1)' }, 'brandingLogoUrl'],
    [
      'a CSS expression as colour',
      { brandingPrimaryColor: 'red;background:url(x)' },
      'brandingPrimaryColor',
    ],
  ])('createRoom refuses %s (branding validated before use)', async (_label, overrides, field) => {
    const error = await adapter
      .createRoom({
        tenantId: TENANT,
        backend: 'jitsi',
        roomName: 'clinic-ab12cd34',
        ...schedule,
        config: await configFor(overrides),
      })
      .catch((e: unknown) => e);
    expect(isDomainError(error, 'VALIDATION_FAILED')).toBe(true);
    expect((error as { details: { fields: string[] } }).details.fields).toEqual([field]);
  });

  async function credentialsFor(role: ParticipantRole) {
    const config = await configFor();
    const roomUrl = `${jitsi.url}/clinic-ab12cd34`;
    const expiresAt = new Date(Date.now() + 30 * 60_000);
    const credentials = await adapter.issueJoinCredentials({
      tenantId: TENANT,
      backend: 'jitsi',
      roomName: 'clinic-ab12cd34',
      roomUrl,
      participantId: `vsp_${role}`,
      userId: `usr_${role}`,
      role,
      moderator: role === 'provider',
      expiresAt,
      config,
      displayName: role === 'provider' ? 'Dr Demo' : 'Pat Demo',
    });
    return { credentials, expiresAt };
  }

  it('the join URL carries an HS256 JWT signed with the tenant secret, with the claims prosody checks', async () => {
    const { credentials } = await credentialsFor('patient');
    expect(credentials.joinUrl.startsWith(`${jitsi.url}/clinic-ab12cd34?jwt=`)).toBe(true);
    const jwt = jwtFromJoinUrl(credentials.joinUrl)!;
    const { payload, protectedHeader } = await jwtVerify(
      jwt,
      new TextEncoder().encode(JITSI_SECRET),
      {
        algorithms: ['HS256'],
        audience: 'jitsi',
        issuer: APP_ID,
        subject: '127.0.0.1',
      },
    );
    expect(protectedHeader.alg).toBe('HS256');
    expect(payload.room).toBe('clinic-ab12cd34');
    // Ten minutes from now (decision 0040), well inside the 30-minute join window.
    expect(payload.exp).toBe(payload.iat! + 600);
    expect(payload.nbf).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    expect(payload.context).toEqual({
      user: { id: 'usr_patient', name: 'Pat Demo', moderator: false, affiliation: 'member' },
    });
    expect(credentials.expiresAt.getTime()).toBe(payload.exp! * 1000);
  });

  it('a video token lives the configured minutes, never past the join window; an old one opens no room', async () => {
    const now = Date.now();
    const issue = async (deps: { clockAt: number; lifetime?: number }, windowEndsAt: number) => {
      const credentials = await createJitsiMeetAdapter({
        secretStore,
        allowInsecureLoopback: true,
        clock: { now: () => new Date(deps.clockAt) },
        ...(deps.lifetime ? { tokenLifetimeSeconds: deps.lifetime } : {}),
      }).issueJoinCredentials({
        tenantId: TENANT,
        backend: 'jitsi',
        roomName: 'clinic-ab12cd34',
        roomUrl: `${jitsi.url}/clinic-ab12cd34`,
        participantId: 'vsp_p',
        userId: 'usr_p',
        role: 'patient',
        moderator: false,
        expiresAt: new Date(windowEndsAt),
        config: await configFor(),
      });
      const { payload } = await jwtVerify(
        jwtFromJoinUrl(credentials.joinUrl)!,
        new TextEncoder().encode(JITSI_SECRET),
        { currentDate: new Date(deps.clockAt) },
      );
      return { credentials, lifetime: payload.exp! - payload.iat! };
    };
    const hour = now + 3_600_000;
    expect((await issue({ clockAt: now }, hour)).lifetime).toBe(600);
    expect((await issue({ clockAt: now, lifetime: 120 }, hour)).lifetime).toBe(120);
    // The join window ends sooner: it wins.
    expect((await issue({ clockAt: now }, now + 90_000)).lifetime).toBeLessThanOrEqual(90);

    // Signed eleven minutes ago (a removed patient's copy): the deployment refuses it, no room page, no call.
    const old = await issue({ clockAt: now - 11 * 60_000 }, hour);
    const response = await fetch(old.credentials.joinUrl);
    expect(response.status).toBe(401);
    expect(await response.text()).not.toContain('"ticket":"');
    expect(jitsi.joins().at(-1)?.verdict).toBe('invalid');
  });

  it('moderator only for providers', async () => {
    const roles: ParticipantRole[] = ['provider', 'patient', 'interpreter', 'observer'];
    for (const role of roles) {
      const { credentials } = await credentialsFor(role);
      const { payload } = await jwtVerify(
        jwtFromJoinUrl(credentials.joinUrl)!,
        new TextEncoder().encode(JITSI_SECRET),
      );
      const user = (payload.context as { user: { moderator: boolean; affiliation: string } }).user;
      expect(user.moderator, role).toBe(role === 'provider');
      expect(user.affiliation, role).toBe(role === 'provider' ? 'owner' : 'member');
    }
  });

  it('the stand-in accepts the token the way a token-auth Jitsi would', async () => {
    const { credentials } = await credentialsFor('provider');
    const response = await fetch(credentials.joinUrl);
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain('Local Jitsi stand-in');
    expect(page).toContain('Dr Demo');
    const jwt = jwtFromJoinUrl(credentials.joinUrl);
    expect(jitsi.joins().find((join) => join.jwt === jwt)?.verdict).toBe('valid');
  });

  it('a token signed with another secret is refused by the stand-in', async () => {
    const other = createJitsiMeetAdapter({ secretStore, allowInsecureLoopback: true });
    const credentials = await other.issueJoinCredentials({
      tenantId: TENANT,
      backend: 'jitsi',
      roomName: 'clinic-ab12cd34',
      roomUrl: `${jitsi.url}/clinic-ab12cd34`,
      participantId: 'vsp_x',
      userId: 'usr_x',
      role: 'patient',
      moderator: false,
      expiresAt: new Date(Date.now() + 60_000),
      config: await configFor({
        jitsiJwtSecretEncrypted: await secretStore.encrypt(
          TENANT,
          'some-other-secret-value-000000000',
        ),
      }),
    });
    expect((await fetch(credentials.joinUrl)).status).toBe(401);
  });

  it('missing JWT credentials -> VIDEO_PROVIDER_UNAVAILABLE', async () => {
    const error = await adapter
      .issueJoinCredentials({
        tenantId: TENANT,
        backend: 'jitsi',
        roomName: 'clinic-ab12cd34',
        roomUrl: `${jitsi.url}/clinic-ab12cd34`,
        participantId: 'vsp_x',
        userId: 'usr_x',
        role: 'patient',
        moderator: false,
        expiresAt: new Date(Date.now() + 60_000),
        config: await configFor({ jitsiJwtSecretEncrypted: null }),
      })
      .catch((e: unknown) => e);
    expect(isDomainError(error, 'VIDEO_PROVIDER_UNAVAILABLE')).toBe(true);
  });

  it('jitsiMeetingOptions: no pre-join page, branding applied, invalid branding dropped', () => {
    const meeting = jitsiMeetingOptions({
      jitsiServerUrl: jitsi.url,
      roomName: 'clinic-ab12cd34',
      jwt: 'a.b.c',
      branding: {
        brandingLogoUrl: 'https://clinic.example/logo.png',
        brandingPrimaryColor: '#0a7f5a',
      },
    });
    expect(meeting.domain).toBe(`127.0.0.1:${jitsi.port}`);
    expect(meeting.scriptUrl).toBe(`${jitsi.url}/external_api.js`);
    expect(meeting.options).toMatchObject({
      roomName: 'clinic-ab12cd34',
      jwt: 'a.b.c',
      noSSL: true,
    });
    expect(meeting.options.configOverwrite).toMatchObject({
      prejoinConfig: { enabled: false },
      prejoinPageEnabled: false,
      // A removed participant cannot rename themselves out of the clinician's kick (decision 0040).
      readOnlyName: true,
    });
    expect(meeting.options.interfaceConfigOverwrite).toMatchObject({
      DEFAULT_BACKGROUND: '#0a7f5a',
      DEFAULT_LOGO_URL: 'https://clinic.example/logo.png',
    });
    const unsafe = jitsiMeetingOptions({
      jitsiServerUrl: 'https://meet.clinic.example',
      roomName: 'r',
      branding: { brandingLogoUrl: 'http://x/logo.png', brandingPrimaryColor: 'expression(x)' },
    });
    expect(unsafe.options.interfaceConfigOverwrite).not.toHaveProperty('DEFAULT_BACKGROUND');
    expect(unsafe.options.interfaceConfigOverwrite).not.toHaveProperty('DEFAULT_LOGO_URL');
    expect(unsafe.options).not.toHaveProperty('noSSL');
  });
});
