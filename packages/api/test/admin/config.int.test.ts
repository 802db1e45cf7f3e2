/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call -- black-box REST tests read untyped JSON bodies */
import { startJitsiMeetStandIn } from '@virtual-care/stand-ins';
import { describe, expect, it } from 'vitest';
import { JITSI_APP_ID, rows } from '../api/support/fixtures';
import { adminRest, useAdminStack } from './support/admin-stack';

const stack = useAdminStack();

const configEvents = (tenantId: string) =>
  rows<{ event_type: string; payload: { payload: Record<string, unknown> } }>(
    stack.admin,
    `SELECT event_type, payload FROM virtual_care_outbox WHERE tenant_id = $1 AND event_type IN ('virtual_care.config.updated.v1', 'CONFIG_UPDATED') ORDER BY seq`,
    [tenantId],
  );

describe('VCARE-US-010 tenant virtual-care configuration management', () => {
  it('US-010: tenant_admin PUT /config with jitsiServerUrl, brandingLogoUrl and maxParticipants -> saved; config.updated.v1 carries only changedFields (no credentials)', async () => {
    const c = await stack.clinic();
    const before = await stack.rest('GET', '/config', { token: c.adminToken });
    const body = {
      expectedVersion: before.body.version,
      jitsiServerUrl: 'https://meet.clinic.example.org',
      brandingLogoUrl: 'https://cdn.example.org/new-logo.png',
      maxParticipants: 12,
      jitsiJwtSecret: 'a-brand-new-jitsi-secret-value',
    };
    const res = await stack.rest('PUT', '/config', { token: c.adminToken, body });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.changedFields.sort()).toEqual([
      'brandingLogoUrl',
      'jitsiJwtSecret',
      'jitsiServerUrl',
      'maxParticipants',
    ]);
    expect(res.body.config).toMatchObject({
      jitsiServerUrl: body.jitsiServerUrl,
      brandingLogoUrl: body.brandingLogoUrl,
      maxParticipants: 12,
      jitsiJwtSecret: '****',
      version: before.body.version + 1,
    });

    const again = await stack.rest('GET', '/config', { token: c.adminToken });
    expect(again.body).toMatchObject({ jitsiServerUrl: body.jitsiServerUrl, maxParticipants: 12 });

    const events = await configEvents(c.tenantId);
    const updated = events.find((e) => e.event_type === 'virtual_care.config.updated.v1')!;
    expect(Object.keys(updated.payload.payload)).toEqual(['changedFields']);
    expect(JSON.stringify(events)).not.toContain(body.jitsiJwtSecret);
    expect(events.map((e) => e.event_type)).toContain('CONFIG_UPDATED');
  });

  it('US-010: GET /config returns jitsiJwtSecret, zoomApiKey and every other credential as "****" (null when not set)', async () => {
    const c = await stack.clinic();
    const current = await stack.rest('GET', '/config', { token: c.adminToken });
    const put = await stack.rest('PUT', '/config', {
      token: c.adminToken,
      body: {
        expectedVersion: current.body.version,
        zoomApiKey: 'zoom-key-123456',
        webexClientId: 'webex-client-abc',
        teamsClientId: 'teams-client-xyz',
      },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const res = await stack.rest('GET', '/config', { token: c.adminToken });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      jitsiJwtSecret: '****',
      zoomApiKey: '****',
      webexClientId: '****',
      teamsClientId: '****',
    });
    const text = JSON.stringify(res.body);
    for (const secret of [c.jitsiSecret, 'zoom-key-123456', 'webex-client-abc', 'teams-client-xyz'])
      expect(text).not.toContain(secret);
    expect(text).not.toMatch(/Encrypted|v1\.m1\./);

    const cleared = await stack.rest('PUT', '/config', {
      token: c.adminToken,
      body: { expectedVersion: put.body.config.version, zoomApiKey: null },
    });
    expect(cleared.body.config.zoomApiKey).toBeNull();
  });

  it('US-010: POST /config/test-connection with Jitsi healthy -> { healthy: true, latencyMs: N }', async () => {
    const c = await stack.clinic();
    const res = await stack.rest('POST', '/config/test-connection', {
      token: c.adminToken,
      body: {},
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.healthy).toBe(true);
    expect(Number.isInteger(res.body.latencyMs)).toBe(true);
    expect(res.body.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('test-connection answers healthy false with a readable reason when Jitsi is unhealthy or gone', async () => {
    const c = await stack.clinic();
    const jitsi = await startJitsiMeetStandIn({ appId: JITSI_APP_ID });
    const url = jitsi.url;
    try {
      jitsi.setHealthy(false);
      const sick = await stack.rest('POST', '/config/test-connection', {
        token: c.adminToken,
        body: { jitsiServerUrl: url },
      });
      expect(sick.body).toMatchObject({ healthy: false, reason: 'HTTP 503' });
    } finally {
      await jitsi.stop();
    }
    const gone = await stack.rest('POST', '/config/test-connection', {
      token: c.adminToken,
      body: { jitsiServerUrl: url },
    });
    expect(gone.status).toBe(200);
    expect(gone.body.healthy).toBe(false);
    expect(typeof gone.body.reason).toBe('string');
  });

  it('per-field VALIDATION_FAILED: http Jitsi URL, logo off the allowlist, bad colour, participant limit outside 2..20, negative grace window', async () => {
    const c = await stack.clinic();
    const { body: current } = await stack.rest('GET', '/config', { token: c.adminToken });
    const domainRules = await stack.rest('PUT', '/config', {
      token: c.adminToken,
      body: {
        expectedVersion: current.version,
        jitsiServerUrl: 'http://meet.example.org',
        brandingPrimaryColor: 'teal',
        maxParticipants: 21,
        brandingLogoUrl: 'http://cdn.example.org/x.png',
      },
    });
    expect(domainRules.status).toBe(400);
    expect(domainRules.body.code).toBe('VALIDATION_FAILED');
    expect(domainRules.body.details.fields.sort()).toEqual([
      'brandingLogoUrl',
      'brandingPrimaryColor',
      'jitsiServerUrl',
      'maxParticipants',
    ]);

    const restrict = adminRest(stack.face({ BRANDING_LOGO_HOSTS: 'cdn.example.org' }).services);
    const refused = await restrict('PUT', '/config', {
      token: c.adminToken,
      body: {
        expectedVersion: current.version,
        brandingLogoUrl: 'https://evil.example.net/logo.png',
      },
    });
    expect(refused.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: {
        field: 'brandingLogoUrl',
        reasons: ['brandingLogoUrl: host is not on the allowlist'],
      },
    });

    const shape = await stack.rest('PUT', '/config', {
      token: c.adminToken,
      body: { expectedVersion: current.version, sessionGraceMinutesBefore: -5 },
    });
    expect(shape.status).toBe(400);
    expect(shape.body.details).toEqual([
      expect.objectContaining({ path: 'sessionGraceMinutesBefore' }),
    ]);

    const missingVersion = await stack.rest('PUT', '/config', {
      token: c.adminToken,
      body: { maxParticipants: 4 },
    });
    expect(missingVersion.status).toBe(400);
    const [row] = await rows<{ n: number }>(
      stack.admin,
      'SELECT max_participants AS n FROM tenant_virtual_care_config WHERE tenant_id = $1',
      [c.tenantId],
    );
    expect(row!.n).toBe(current.maxParticipants);
  });

  it('optimistic concurrency: two admins edit version N; the second save -> 409 OPTIMISTIC_LOCK_CONFLICT with currentVersion, nothing overwritten', async () => {
    const c = await stack.clinic();
    const { body: seen } = await stack.rest('GET', '/config', { token: c.adminToken });
    const first = await stack.rest('PUT', '/config', {
      token: c.adminToken,
      body: { expectedVersion: seen.version, brandingPrimaryColor: '#112233' },
    });
    expect(first.status).toBe(200);
    const second = await stack.rest('PUT', '/config', {
      token: c.adminToken,
      body: { expectedVersion: seen.version, brandingPrimaryColor: '#445566' },
    });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({
      code: 'OPTIMISTIC_LOCK_CONFLICT',
      details: { currentVersion: seen.version + 1 },
    });
    const { body: now } = await stack.rest('GET', '/config', { token: c.adminToken });
    expect(now.brandingPrimaryColor).toBe('#112233');

    const racers = await Promise.all(
      ['#000001', '#000002', '#000003', '#000004', '#000005'].map((colour) =>
        stack.rest('PUT', '/config', {
          token: c.adminToken,
          body: { expectedVersion: now.version, brandingPrimaryColor: colour },
        }),
      ),
    );
    expect(racers.filter((r) => r.status === 200)).toHaveLength(1);
    expect(racers.filter((r) => r.status === 409)).toHaveLength(4);
  });

  it("another tenant's admin can neither read nor change this tenant's config", async () => {
    const mine = await stack.clinic();
    const other = await stack.clinic();
    const { body: before } = await stack.rest('GET', '/config', { token: mine.adminToken });
    const foreignRead = await stack.rest('GET', '/config', { token: other.adminToken });
    expect(foreignRead.body.tenantId).toBe(other.tenantId); // the tenant comes from the caller's token, never the request
    const foreignWrite = await stack.rest('PUT', '/config', {
      token: other.adminToken,
      body: {
        expectedVersion: foreignRead.body.version,
        brandingPrimaryColor: '#ff0000',
        tenantId: mine.tenantId,
      },
    });
    expect(foreignWrite.status).toBe(400); // unknown keys are refused outright
    const foreignOwn = await stack.rest('PUT', '/config', {
      token: other.adminToken,
      body: { expectedVersion: foreignRead.body.version, brandingPrimaryColor: '#ff0000' },
    });
    expect(foreignOwn.body.config.tenantId).toBe(other.tenantId);
    const { body: after } = await stack.rest('GET', '/config', { token: mine.adminToken });
    expect(after).toEqual(before);

    // A token naming this tenant but signed for a user without an admin membership there is still only what it claims:
    // the role guard refuses clinicians and patients.
    expect((await stack.rest('GET', '/config', { token: mine.clinicianToken })).status).toBe(403);
    expect(
      (
        await stack.rest('PUT', '/config', {
          token: mine.patientToken,
          body: { expectedVersion: 1 },
        })
      ).status,
    ).toBe(403);
    expect((await stack.rest('GET', '/config')).status).toBe(401);
  });

  it('onboarding order: an unlicensed tenant can configure and test its video backend before the module is switched on', async () => {
    const c = await stack.clinic({ licensed: false });
    const { body: current } = await stack.rest('GET', '/config', { token: c.adminToken });
    const saved = await stack.rest('PUT', '/config', {
      token: c.adminToken,
      body: { expectedVersion: current.version, maxParticipants: 6 },
    });
    expect(saved.status).toBe(200);
    expect(
      (await stack.rest('POST', '/config/test-connection', { token: c.adminToken, body: {} })).body
        .healthy,
    ).toBe(true);
  });
});
