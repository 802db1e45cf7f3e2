/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- black-box REST tests read untyped JSON bodies */
import { randomUUID } from 'node:crypto';
import { sweepPresence } from '@virtual-care/domain';
import { expect } from 'vitest';
import { asTenant } from './fixtures';
import type { Face, Stack } from './stack';
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

/** A visit in progress: the patient waiting, the clinician in the room, the patient admitted. */
export async function admittedSession(
  face: Face,
  token: string,
  patientId: string,
): Promise<CreatedSession> {
  const session = await createSession(face, token, patientId);
  await patientWaitsProviderPresent(face, token, session);
  const admitted = await face.call(
    'POST',
    `/sessions/${session.id}/admit/${session.patientParticipantId}`,
    { token, body: {} },
  );
  expect(admitted.status, JSON.stringify(admitted.body)).toBe(200);
  return session;
}

/**
 * Everyone's connection lost, long past the tenant's grace window: the presence sweep, run as the worker runs it
 * with its clock ten minutes on, fails the tenant's active sessions. Answers the ids it failed.
 */
export async function sweepPastGrace(face: Face, tenantId: string): Promise<string[]> {
  const later = (seconds: number) => ({ now: () => new Date(Date.now() + seconds * 1000) });
  const failed: string[] = [];
  // The grace window counts from the last heartbeat, long gone at +600 s: the first pass or the second fails it.
  for (const seconds of [600, 600 + 61]) {
    const swept = await sweepPresence(
      { ...face.services.deps, clock: later(seconds) },
      { tenantId, heartbeatTimeoutSeconds: 30 },
    );
    failed.push(...swept.failedSessionIds);
  }
  return failed;
}

/** A portal account for the tenant's patient (the registry row points at it), and its bearer token. */
export async function patientAccount(
  stack: Stack,
  tenantId: string,
  patientId: string,
): Promise<string> {
  const userId = randomUUID();
  await stack.admin.pool.query('INSERT INTO users (id, email, name) VALUES ($1, $2, $3)', [
    userId,
    `patient-${userId}@test.local`,
    'Test Patient',
  ]);
  await asTenant(stack.admin, tenantId, (q) =>
    q('UPDATE patients SET user_id = $1 WHERE id = $2', [userId, patientId]),
  );
  return stack.tokenFor(userId, tenantId, ['patient']);
}
