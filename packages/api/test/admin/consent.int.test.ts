/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return -- black-box REST tests read untyped JSON bodies */
import { beforeAll, describe, expect, it } from 'vitest';
import { fhirValidationIssues } from '../../src/adapters/fhir-validator';
import { warmFhirValidator } from '../../src/adapters/fhir-validator';
import { toFhirConsent } from '../../src/features/consents/consent-resource';
import { outboxTypes, rows, sessionCount } from '../api/support/fixtures';
import { soon } from '../api/support/stack';
import { useAdminStack, type Clinic } from './support/admin-stack';

beforeAll(() => warmFhirValidator(), 60_000);

const stack = useAdminStack();

async function textVersion(token: string, type: string): Promise<string> {
  const res = await stack.rest('GET', '/consents/texts', { token });
  return (res.body.items as Array<{ type: string; version: string }>).find((t) => t.type === type)!
    .version;
}

async function grant(c: Clinic, type: string) {
  const res = await stack.rest('POST', '/consents/me/grant', {
    token: c.patientToken,
    body: { type, textVersion: await textVersion(c.patientToken, type) },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

const createSession = (c: Clinic, extra: Record<string, unknown> = {}) =>
  stack.main.call('POST', '/sessions', {
    token: c.clinicianToken,
    body: { patientId: c.patientId, scheduledStart: soon(), ...extra },
  });

describe('VCARE-US-005 telehealth consent before session creation (records captured in the portal)', () => {
  it('US-005: the patient has no telehealth consent record -> POST /sessions 403 CONSENT_REQUIRED and a CONSENT_GATE_BLOCKED audit event', async () => {
    const c = await stack.clinic();
    const res = await createSession(c);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('CONSENT_REQUIRED');
    expect(await outboxTypes(stack.admin, c.tenantId)).toContain('CONSENT_GATE_BLOCKED');
    expect(await sessionCount(stack.admin, c.tenantId)).toBe(0);
  });

  it('US-005: the consent service is unreachable (503) -> blocked fail-closed with 503 CONSENT_SERVICE_UNAVAILABLE', async () => {
    const external = stack.face({ ACCESS_POLICY_URL: stack.policy.url });
    const c = await stack.clinic();
    await grant(c, 'telehealth');
    stack.policy.setDown(true);
    try {
      const res = await external.call('POST', '/sessions', {
        token: c.clinicianToken,
        body: { patientId: c.patientId, scheduledStart: soon() },
      });
      expect(res.status).toBe(503);
      expect(res.body.code).toBe('CONSENT_SERVICE_UNAVAILABLE');
    } finally {
      stack.policy.setDown(false);
    }
    expect(await sessionCount(stack.admin, c.tenantId)).toBe(0);
    expect(await outboxTypes(stack.admin, c.tenantId)).toContain('CONSENT_GATE_BLOCKED');
  });

  it('US-005: the patient has valid telehealth consent -> session creation proceeds with no consent-related error', async () => {
    const c = await stack.clinic();
    expect((await createSession(c)).status).toBe(403);
    await grant(c, 'telehealth');
    const res = await createSession(c);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  });

  it('revocation is a new record: after revoking, session creation is refused again; the earlier grant is untouched', async () => {
    const c = await stack.clinic();
    const granted = await grant(c, 'telehealth');
    const revoked = await stack.rest('POST', '/consents/me/revoke', {
      token: c.patientToken,
      body: { type: 'telehealth', textVersion: granted.textVersion },
    });
    expect(revoked.status).toBe(200);
    expect(revoked.body.id).not.toBe(granted.id);
    expect((await createSession(c)).body.code).toBe('CONSENT_REQUIRED');
    const mine = await stack.rest('GET', '/consents/me', { token: c.patientToken });
    expect(mine.body.history.map((r: { decision: string }) => r.decision)).toEqual([
      'granted',
      'revoked',
    ]);
    expect(mine.body.current.find((x: { type: string }) => x.type === 'telehealth').granted).toBe(
      false,
    );
    await expect(
      stack.admin.pool.query(`UPDATE consent_records SET decision = 'granted' WHERE id = $1`, [
        revoked.body.id,
      ]),
    ).rejects.toThrow();
  });
});

describe('VCARE-US-006 recording consent separately', () => {
  it('US-006: recordingEnabled true with no recording consent on file -> 403 CONSENT_REQUIRED with gate recording_consent', async () => {
    const c = await stack.clinic();
    await grant(c, 'telehealth');
    const res = await createSession(c, { recordingEnabled: true });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({
      code: 'CONSENT_REQUIRED',
      details: { gate: 'recording_consent' },
    });
    expect(await sessionCount(stack.admin, c.tenantId)).toBe(0);
  });

  it('US-006: recording consent IS on file and recordingEnabled true is requested -> recordingEnabled true on the session row', async () => {
    const c = await stack.clinic();
    await grant(c, 'telehealth');
    await grant(c, 'recording');
    const res = await createSession(c, { recordingEnabled: true });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const [row] = await rows<{ recording_enabled: boolean }>(
      stack.admin,
      'SELECT recording_enabled FROM virtual_sessions WHERE id = $1',
      [res.body.id],
    );
    expect(row!.recording_enabled).toBe(true);
  });

  it('US-006: a session that ends with a completed recording carries recordingRef in session.ended.v1', async () => {
    const c = await stack.clinic();
    await grant(c, 'telehealth');
    await grant(c, 'recording');
    const created = await createSession(c, { recordingEnabled: true });
    const patientToken = new URL(created.body.patientJoinUrl as string).searchParams.get('token')!;
    await stack.main.call('POST', '/sessions/join', { body: { token: patientToken } });
    await stack.main.call('POST', `/sessions/${created.body.id}/provider-join`, {
      token: c.clinicianToken,
      body: {},
    });
    const detail = await stack.main.call('GET', `/sessions/${created.body.id}`, {
      token: c.clinicianToken,
    });
    const patient = (detail.body.participants as Array<{ id: string; role: string }>).find(
      (p) => p.role === 'patient',
    )!;
    await stack.main.call('POST', `/sessions/${created.body.id}/admit/${patient.id}`, {
      token: c.clinicianToken,
      body: {},
    });
    await stack.admin.pool.query(
      `UPDATE virtual_sessions SET recording_ref = 'jibri/rec-7' WHERE id = $1`,
      [created.body.id],
    ); // Jibri finished
    const ended = await stack.main.call('POST', `/sessions/${created.body.id}/end`, {
      token: c.clinicianToken,
    });
    expect(ended.body.recordingRef).toBe('jibri/rec-7');
    const [event] = await rows<{ payload: { payload: Record<string, unknown> } }>(
      stack.admin,
      `SELECT payload FROM virtual_care_outbox WHERE tenant_id = $1 AND event_type = 'virtual_care.session.ended.v1'`,
      [c.tenantId],
    );
    expect(event!.payload.payload.recordingRef).toBe('jibri/rec-7');
  });
});

describe('consent capture API', () => {
  it('texts: telehealth, recording and ai_processing with versions; a stale version is refused', async () => {
    const c = await stack.clinic();
    const res = await stack.rest('GET', '/consents/texts', { token: c.patientToken });
    expect(res.body.items.map((t: { type: string }) => t.type)).toEqual([
      'telehealth',
      'recording',
      'ai_processing',
    ]);
    const stale = await stack.rest('POST', '/consents/me/grant', {
      token: c.patientToken,
      body: { type: 'telehealth', textVersion: 'telehealth-consent-v0' },
    });
    expect(stale.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { field: 'textVersion' },
    });
  });

  it('a clinician records verbal consent with attestation (method verbal_attested) and sees the patient consents; CONSENT_CAPTURED is audited', async () => {
    const c = await stack.clinic();
    const version = await textVersion(c.clinicianToken, 'telehealth');
    const unattested = await stack.rest('POST', '/consents/verbal', {
      token: c.clinicianToken,
      body: { patientId: c.patientId, type: 'telehealth', textVersion: version, attested: false },
    });
    expect(unattested.status).toBe(400);
    const res = await stack.rest('POST', '/consents/verbal', {
      token: c.clinicianToken,
      body: { patientId: c.patientId, type: 'telehealth', textVersion: version, attested: true },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      method: 'verbal_attested',
      decision: 'granted',
      capturedBy: c.clinicianId,
      textVersion: version,
    });
    const seen = await stack.rest('GET', `/consents/patients/${c.patientId}`, {
      token: c.clinicianToken,
    });
    expect(seen.body.current.find((x: { type: string }) => x.type === 'telehealth').granted).toBe(
      true,
    );
    expect(await outboxTypes(stack.admin, c.tenantId)).toContain('CONSENT_CAPTURED');
    expect((await createSession(c)).status).toBe(201);
  });

  it("roles and tenancy: patients cannot record verbal consent; another tenant's patient is 404; no linked record is 404", async () => {
    const c = await stack.clinic();
    const other = await stack.clinic();
    const version = await textVersion(c.clinicianToken, 'telehealth');
    expect(
      (
        await stack.rest('POST', '/consents/verbal', {
          token: c.patientToken,
          body: {
            patientId: c.patientId,
            type: 'telehealth',
            textVersion: version,
            attested: true,
          },
        })
      ).status,
    ).toBe(403);
    const foreign = await stack.rest('POST', '/consents/verbal', {
      token: c.clinicianToken,
      body: {
        patientId: other.patientId,
        type: 'telehealth',
        textVersion: version,
        attested: true,
      },
    });
    expect(foreign.status).toBe(404);
    expect(
      (
        await stack.rest('GET', `/consents/patients/${other.patientId}`, {
          token: c.clinicianToken,
        })
      ).status,
    ).toBe(404);
    const unlinked = await stack.tokenFor(crypto.randomUUID(), c.tenantId, ['patient']);
    expect((await stack.rest('GET', '/consents/me', { token: unlinked })).body.code).toBe(
      'NOT_FOUND',
    );
    const [n] = await rows<{ n: number }>(
      stack.admin,
      'SELECT count(*)::int AS n FROM consent_records WHERE patient_id = $1',
      [other.patientId],
    );
    expect(n!.n).toBe(0);
  });

  it('MODULE_NOT_LICENSED: an unlicensed tenant cannot capture or read consents', async () => {
    const c = await stack.clinic({ licensed: false });
    const res = await stack.rest('POST', '/consents/me/grant', {
      token: c.patientToken,
      body: { type: 'telehealth', textVersion: 'telehealth-consent-v1' },
    });
    expect(res).toMatchObject({ status: 403, body: { code: 'MODULE_NOT_LICENSED' } });
    expect(
      (await stack.rest('GET', `/consents/patients/${c.patientId}`, { token: c.clinicianToken }))
        .body.code,
    ).toBe('MODULE_NOT_LICENSED');
  });

  it('each captured consent (grant, revocation, verbal) is a valid FHIR R4 Consent', async () => {
    const c = await stack.clinic();
    await grant(c, 'recording');
    await stack.rest('POST', '/consents/me/revoke', {
      token: c.patientToken,
      body: { type: 'recording', textVersion: 'recording-consent-v1' },
    });
    await stack.rest('POST', '/consents/verbal', {
      token: c.clinicianToken,
      body: {
        patientId: c.patientId,
        type: 'ai_processing',
        textVersion: 'ai-processing-consent-v1',
        attested: true,
      },
    });
    const records = await stack.main.services.db.unitOfWork.run(c.tenantId, (scope) =>
      scope.consents.listForPatient(c.patientId),
    );
    expect(records).toHaveLength(3);
    for (const record of records) {
      const resource = toFhirConsent(record);
      expect(await fhirValidationIssues(resource), record.method).toEqual([]);
      expect(resource.patient?.reference).toBe(`Patient/${c.patientId}`);
    }
    const [granted, revoked, verbal] = records.map(toFhirConsent);
    expect(granted!.provision?.type).toBe('permit');
    expect(revoked!.provision?.type).toBe('deny');
    expect(verbal!.verification?.[0]?.verified).toBe(true);
  });
});
