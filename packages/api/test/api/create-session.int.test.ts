/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument -- black-box REST tests read untyped JSON bodies */
import { startJitsiMeetStandIn } from '@virtual-care/stand-ins';
import { jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { jwtFromJoinUrl } from '../../src';
import { asTenant, outboxTypes, rows, sessionCount } from './support/fixtures';
import { soon, useStack } from './support/stack';

const stack = useStack();

describe('VCARE-US-001 create a virtual care session', () => {
  it('US-001: licensed tenant, consent on file -> 201 VirtualSessionDto with roomUrl, roomName, status scheduled, version 1', async () => {
    const t = await stack.tenant();
    const res = await stack.main.call('POST', '/sessions', {
      token: t.token,
      body: { patientId: t.patientId, scheduledStart: soon() },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'scheduled',
      version: 1,
      patientId: t.patientId,
      tenantId: t.tenantId,
      patientDisplayName: 'Test Patient',
    });
    expect(res.body.roomName).toMatch(/^tst-[a-z0-9]{8}$/);
    expect(res.body.roomUrl).toBe(`${stack.jitsi.url}/${res.body.roomName}`);
    expect(res.body.patientJoinUrl).toMatch(/^http:\/\/localhost:3000\/join\?token=/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await sessionCount(stack.admin, t.tenantId)).toBe(1);
  });

  it('US-001: jitsi health 503 -> 503 VIDEO_PROVIDER_UNAVAILABLE and no session row', async () => {
    const sick = await startJitsiMeetStandIn();
    try {
      sick.setHealthy(false);
      const t = await stack.tenant({ jitsiUrl: sick.url });
      const res = await stack.main.call('POST', '/sessions', {
        token: t.token,
        body: { patientId: t.patientId, scheduledStart: soon() },
      });
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ code: 'VIDEO_PROVIDER_UNAVAILABLE' });
      expect(Object.keys(res.body).sort()).toEqual(['code', 'details', 'message']);
      expect(await sessionCount(stack.admin, t.tenantId)).toBe(0);
    } finally {
      await sick.stop();
    }
  });

  it('US-001: no telehealth consent -> 403 CONSENT_REQUIRED and no session row', async () => {
    const t = await stack.tenant();
    const patientId = await stack.patient(t.tenantId, {});
    const res = await stack.main.call('POST', '/sessions', {
      token: t.token,
      body: { patientId, scheduledStart: soon() },
    });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({
      code: 'CONSENT_REQUIRED',
      details: { gate: 'telehealth_consent' },
    });
    expect(await sessionCount(stack.admin, t.tenantId)).toBe(0);
  });

  it('US-001: a created session writes virtual_care.session.created.v1 to the outbox (the relay publishes it to NATS)', async () => {
    const t = await stack.tenant();
    const res = await stack.main.call('POST', '/sessions', {
      token: t.token,
      body: { patientId: t.patientId, scheduledStart: soon() },
    });
    expect(res.status).toBe(201);
    const events = await rows<{
      event_type: string;
      aggregate_id: string;
      payload: { type?: string; specversion?: string };
    }>(
      stack.admin,
      `SELECT event_type, aggregate_id, payload FROM virtual_care_outbox WHERE tenant_id = $1 AND event_type = 'virtual_care.session.created.v1'`,
      [t.tenantId],
    );
    expect(events).toHaveLength(1);
    expect(events[0]!.aggregate_id).toBe(res.body.id);
  });

  it('MODULE_NOT_LICENSED: an unlicensed tenant -> 403 and no row', async () => {
    const t = await stack.tenant({ licensed: false });
    const res = await stack.main.call('POST', '/sessions', {
      token: t.token,
      body: { patientId: t.patientId, scheduledStart: soon() },
    });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('MODULE_NOT_LICENSED');
    expect(await sessionCount(stack.admin, t.tenantId)).toBe(0);
  });

  it("the patient's first link opens with the join window of the config the session was created under", async () => {
    const t = await stack.tenant();
    const patientToken = async () => {
      const scheduledStart = soon(60);
      const res = await stack.main.call('POST', '/sessions', {
        token: t.token,
        body: { patientId: t.patientId, scheduledStart },
      });
      expect(res.status).toBe(201);
      const token = new URL(res.body.patientJoinUrl).searchParams.get('token')!;
      return { claims: await stack.main.services.deps.signer.verify(token), scheduledStart };
    };
    await patientToken();
    // Just changed by the admin: the next session and its first token both follow the new window.
    await asTenant(stack.admin, t.tenantId, (q) =>
      q(
        'UPDATE tenant_virtual_care_config SET session_grace_minutes_before = 45 WHERE tenant_id = $1',
        [t.tenantId],
      ),
    );
    const { claims, scheduledStart } = await patientToken();
    expect(claims.nbf).toBe(Math.floor((Date.parse(scheduledStart) - 45 * 60_000) / 1000));
  });
});

describe('VCARE-US-007 Jitsi Meet room provisioning and health check', () => {
  it('US-007: jitsi healthy -> room with the tenant roomSlugPrefix; branding (logo, colour) reaches the Meet config', async () => {
    const t = await stack.tenant({
      brandingLogoUrl: 'https://cdn.example.org/clinic.png',
      brandingPrimaryColor: '#123abc',
    });
    const created = await stack.main.call('POST', '/sessions', {
      token: t.token,
      body: { patientId: t.patientId, scheduledStart: soon() },
    });
    expect(created.status).toBe(201);
    expect(created.body.roomName).toMatch(/^tst-[a-z0-9]{8}$/);
    const entry = await stack.main.call('POST', `/sessions/${created.body.id}/provider-join`, {
      token: t.token,
      body: {},
    });
    expect(entry.status).toBe(200);
    expect(entry.body.meeting.options.interfaceConfigOverwrite).toMatchObject({
      DEFAULT_LOGO_URL: 'https://cdn.example.org/clinic.png',
      DEFAULT_BACKGROUND: '#123abc',
    });
    expect(entry.body.meeting.options.roomName).toBe(created.body.roomName);
  });

  it('US-007: jitsi 503 -> CreateVirtualSession persists nothing and answers 503', async () => {
    const sick = await startJitsiMeetStandIn();
    try {
      sick.setHealthy(false);
      const t = await stack.tenant({ jitsiUrl: sick.url });
      const res = await stack.main.call('POST', '/sessions', {
        token: t.token,
        body: { patientId: t.patientId, scheduledStart: soon() },
      });
      expect(res.status).toBe(503);
      expect(await sessionCount(stack.admin, t.tenantId)).toBe(0);
      expect(await outboxTypes(stack.admin, t.tenantId)).not.toContain(
        'virtual_care.session.created.v1',
      );
    } finally {
      await sick.stop();
    }
  });

  it("US-007: the video join credential is an HS256 JWT signed with the tenant's Jitsi secret from the secret store", async () => {
    const t = await stack.tenant();
    const created = await stack.main.call('POST', '/sessions', {
      token: t.token,
      body: { patientId: t.patientId, scheduledStart: soon() },
    });
    const entry = await stack.main.call('POST', `/sessions/${created.body.id}/provider-join`, {
      token: t.token,
      body: {},
    });
    const jwt = jwtFromJoinUrl(entry.body.videoJoinUrl)!;
    const { payload, protectedHeader } = await jwtVerify(
      jwt,
      new TextEncoder().encode(t.jitsiSecret),
      { audience: 'jitsi', issuer: 'virtual-care-test' },
    );
    expect(protectedHeader.alg).toBe('HS256');
    expect(payload).toMatchObject({
      room: created.body.roomName,
      sub: '127.0.0.1',
      context: { user: { id: t.clinicianId, moderator: true } },
    });
  });

  it('US-007: branding that is not https or not a CSS hex colour is refused before any room is used', async () => {
    const t = await stack.tenant({ brandingLogoUrl: 'http://insecure.example.org/logo.png' });
    const res = await stack.main.call('POST', '/sessions', {
      token: t.token,
      body: { patientId: t.patientId, scheduledStart: soon() },
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: ['brandingLogoUrl'] },
    });
    expect(await sessionCount(stack.admin, t.tenantId)).toBe(0);
  });
});
