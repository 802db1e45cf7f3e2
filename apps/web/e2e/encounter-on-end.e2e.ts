import { expect, test, type APIRequestContext } from './support/test';
import { demoToken } from './support/product';

/**
 * US-004 against the started product, REST only: ending a visit answers with its FHIR Encounter id, created
 * synchronously (in the embedded default by the local demo store), not 10-15 s later by the worker's retry.
 */

const API = '/api/v1/virtual-care';
/** A seeded patient with telehealth consent whom the browser tests do not use. */
const PATIENT = 'Farid Karimi';

async function call(
  request: APIRequestContext,
  method: 'get' | 'post',
  path: string,
  options: { token?: string; data?: unknown } = {},
): Promise<Record<string, unknown>> {
  const response = await request[method](`${API}${path}`, {
    headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
    ...(options.data !== undefined ? { data: options.data } : {}),
  });
  const body = (await response.json()) as Record<string, unknown>;
  expect(
    response.status(),
    `${method.toUpperCase()} ${path}: ${JSON.stringify(body)}`,
  ).toBeLessThan(300);
  return body;
}

test('POST /api/v1/virtual-care/sessions/{id}/end -> encounterId in the response', async ({
  request,
}) => {
  const token = demoToken('clinician@demo.virtual-care.local');
  const patients = (await call(request, 'get', '/patients', { token })) as {
    items: Array<{ id: string; displayName: string }>;
  };
  const patientId = patients.items.find((p) => p.displayName === PATIENT)?.id;
  expect(patientId, `${PATIENT} is seeded`).toBeTruthy();

  // A visit under way: created, the patient waiting (their join link's token), the clinician in, admitted.
  const created = (await call(request, 'post', '/sessions', {
    token,
    data: { patientId, scheduledStart: new Date(Date.now() + 60_000).toISOString() },
  })) as { id: string; patientJoinUrl: string };
  const patientToken = new URL(created.patientJoinUrl).searchParams.get('token');
  await call(request, 'post', '/sessions/join', { data: { token: patientToken } });
  await call(request, 'post', `/sessions/${created.id}/provider-join`, { token, data: {} });
  const detail = (await call(request, 'get', `/sessions/${created.id}`, { token })) as {
    participants: Array<{ id: string; role: string }>;
  };
  const patient = detail.participants.find((p) => p.role === 'patient');
  await call(request, 'post', `/sessions/${created.id}/admit/${patient?.id}`, { token, data: {} });

  const ended = await call(request, 'post', `/sessions/${created.id}/end`, { token, data: {} });
  expect(ended).toMatchObject({ id: created.id, status: 'ended' });
  expect(ended.encounterId, 'the Encounter is created while ending, not by a later retry').toEqual(
    expect.any(String),
  );

  // The session keeps that Encounter, and nothing stands refused.
  const after = await call(request, 'get', `/sessions/${created.id}`, { token });
  expect(after).toMatchObject({ encounterId: ended.encounterId, encounterRejection: null });
});
