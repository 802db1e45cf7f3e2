/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- black-box REST tests read untyped JSON bodies */
import { expect } from 'vitest';
import type { Face } from './stack';
import { soon } from './stack';

export interface CreatedSession {
  id: string;
  version: number;
  patientToken: string;
  patientParticipantId: string;
  body: Record<string, unknown> & {
    id: string;
    version: number;
    roomName: string;
    patientJoinUrl: string;
  };
}

/** POST /sessions and the patient's token (from the join link). */
export async function createSession(
  face: Face,
  token: string,
  patientId: string,
  extra: Record<string, unknown> = {},
): Promise<CreatedSession> {
  const res = await face.call('POST', '/sessions', {
    token,
    body: { patientId, scheduledStart: soon(), ...extra },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const patientToken = new URL(res.body.patientJoinUrl as string).searchParams.get('token')!;
  const detail = await face.call('GET', `/sessions/${res.body.id}`, { token });
  const patient = (detail.body.participants as Array<{ id: string; role: string }>).find(
    (p) => p.role === 'patient',
  )!;
  return {
    id: res.body.id,
    version: res.body.version,
    patientToken,
    patientParticipantId: patient.id,
    body: res.body,
  };
}

/** The patient enters the waiting room; the clinician enters the room. */
export async function patientWaitsProviderPresent(
  face: Face,
  token: string,
  session: CreatedSession,
): Promise<void> {
  const entered = await face.call('POST', '/sessions/join', {
    body: { token: session.patientToken },
  });
  expect(entered.status, JSON.stringify(entered.body)).toBe(200);
  const provider = await face.call('POST', `/sessions/${session.id}/provider-join`, {
    token,
    body: {},
  });
  expect(provider.status, JSON.stringify(provider.body)).toBe(200);
}
