import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roomPageHtml } from '../src/jitsi-meet.room-page';
import { EXTERNAL_API_JS } from '../src/jitsi-meet.stand-in.assets';
import {
  startAccessPolicyStandIn,
  startFhirR4StandIn,
  startJitsiMeetStandIn,
  type AccessPolicyStandIn,
  type FhirR4StandIn,
  type JitsiMeetStandIn,
} from '../src/index';

let jitsi: JitsiMeetStandIn;
let fhir: FhirR4StandIn;
let policy: AccessPolicyStandIn;
beforeAll(async () => {
  [jitsi, fhir, policy] = await Promise.all([
    startJitsiMeetStandIn(),
    startFhirR4StandIn(),
    startAccessPolicyStandIn(),
  ]);
});
afterAll(async () => {
  await Promise.all([jitsi.stop(), fhir.stop(), policy.stop()]);
});

describe('jitsi stand-in', () => {
  it('listens on loopback only and serves health, the IFrame API and room pages', async () => {
    expect(jitsi.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${jitsi.url}/about/health`)).status).toBe(200);
    jitsi.setHealthy(false);
    expect((await fetch(`${jitsi.url}/about/health`)).status).toBe(503);
    jitsi.setHealthy(true);
    const script = await (await fetch(`${jitsi.url}/external_api.js`)).text();
    expect(script).toContain('window.JitsiMeetExternalAPI');
    const page = await fetch(
      `${jitsi.url}/clinic-ab12cd34?jwt=a.${Buffer.from('{"context":{"user":{"name":"<b>x</b>"}}}').toString('base64url')}.c`,
    );
    const html = await page.text();
    expect(html).toContain('Local Jitsi stand-in');
    expect(html).not.toContain('<b>x</b>');
    expect(jitsi.joins().at(-1)).toMatchObject({ room: 'clinic-ab12cd34', verdict: 'unchecked' });
    jitsi.setQuotaExceeded(true);
    expect((await fetch(`${jitsi.url}/clinic-ab12cd34`)).status).toBe(429);
    expect((await fetch(`${jitsi.url}/about/health`)).status).toBe(429);
    jitsi.setQuotaExceeded(false);
  });
});

it('browser scripts are valid JavaScript (a syntax slip would only show in a browser)', () => {
  // Compiling (not running) is enough to catch a syntax slip.
  expect(() => new vm.Script(EXTERNAL_API_JS)).not.toThrow();
  const html = roomPageHtml({
    room: 'r',
    displayName: null,
    moderator: false,
    authFailed: false,
    ticket: null,
  });
  const inline = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
  expect(inline.length).toBeGreaterThan(100);
  expect(() => new vm.Script(inline)).not.toThrow();
});

describe('FHIR R4 stand-in', () => {
  it('conditional create, read and search by identifier', async () => {
    const body = JSON.stringify({
      resourceType: 'Encounter',
      status: 'finished',
      identifier: [{ system: 'urn:s', value: 'v1' }],
    });
    const post = () =>
      fetch(`${fhir.url}/Encounter`, {
        method: 'POST',
        body,
        headers: {
          'content-type': 'application/fhir+json',
          'if-none-exist': 'identifier=urn%3As|v1',
        },
      });
    const created = await post();
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toMatch(/\/Encounter\/[^/]+\/_history\/1$/);
    const id = ((await created.json()) as { id: string }).id;
    const again = await post();
    expect(again.status).toBe(200);
    expect(((await again.json()) as { id: string }).id).toBe(id);
    expect(fhir.encounters()).toHaveLength(1);
    expect((await fetch(`${fhir.url}/Encounter/${id}`)).headers.get('content-type')).toContain(
      'application/fhir+json',
    );
    const bundle = (await (await fetch(`${fhir.url}/Encounter?identifier=urn:s|v1`)).json()) as {
      total: number;
    };
    expect(bundle.total).toBe(1);
    fhir.setDown(true);
    expect((await post()).status).toBe(503);
    fhir.setDown(false);
  });

  it('refuses for good a resource it was told to reject, with an OperationOutcome; others still go in', async () => {
    fhir.reject('v-bad', { diagnostics: 'Patient is not known here' });
    const post = (value: string) =>
      fetch(`${fhir.url}/Encounter`, {
        method: 'POST',
        body: JSON.stringify({
          resourceType: 'Encounter',
          status: 'finished',
          identifier: [{ system: 'urn:s', value }],
        }),
        headers: { 'content-type': 'application/fhir+json' },
      });
    const refused = await post('v-bad');
    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toContain('application/fhir+json');
    expect(await refused.json()).toEqual({
      resourceType: 'OperationOutcome',
      issue: [
        { severity: 'error', code: 'business-rule', diagnostics: 'Patient is not known here' },
      ],
    });
    expect((await post('v-good')).status).toBe(201);
    expect(fhir.encounters().map((e) => e.identifier?.[0]?.value)).not.toContain('v-bad');
  });
});

describe('access-policy stand-in', () => {
  it('answers the consent API', async () => {
    const check = async () =>
      (
        await fetch(`${policy.url}/consents/check?tenantId=t&patientId=p&type=telehealth`)
      ).json() as Promise<unknown>;
    expect(await check()).toEqual({ granted: false });
    policy.grant('t', 'p', 'telehealth');
    expect(await check()).toEqual({ granted: true });
    policy.setDown(true);
    expect(
      (await fetch(`${policy.url}/consents/check?tenantId=t&patientId=p&type=telehealth`)).status,
    ).toBe(503);
  });
});
