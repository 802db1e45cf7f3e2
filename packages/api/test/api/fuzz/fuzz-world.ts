/* eslint-disable @typescript-eslint/no-unsafe-member-access -- black-box REST calls read untyped JSON bodies */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { asTenant, createPatient } from '../support/fixtures';
import {
  admittedSession,
  createSession,
  patientAccount,
  patientWaitsProviderPresent,
  type CreatedSession,
} from '../support/flows';
import type { Face, Stack } from '../support/stack';

/** Who calls: a role of tenant A, or nobody signed in. */
export const CALLERS = ['anonymous', 'clinician', 'tenant_admin', 'patient', 'recorder'] as const;
export type Caller = (typeof CALLERS)[number];

export interface TenantRows {
  tenantId: string;
  patientIds: string[];
  sessionIds: string[];
  participantIds: string[];
  asyncVisitIds: string[];
}

/**
 * Two tenants with rows of every kind. The fuzzer calls as tenant A's users; tenant B's ids are the other tenant's
 * rows it aims at, and `markers` are what only B's rows hold (a 2xx answer holding one leaked B's data).
 */
export interface FuzzWorld {
  a: TenantRows;
  b: TenantRows;
  tokens: Record<Caller, string | null>;
  /** Join tokens of tenant A's patients (B's are never sent: B's rows must stay as they are). */
  joinTokens: string[];
  /** B's patient's name, searched for by A. */
  bPatientName: string;
  markers: string[];
}

export async function buildFuzzWorld(stack: Stack, face: Face): Promise<FuzzWorld> {
  const a = await tenantWithRows(stack, face);
  const b = await tenantWithRows(stack, face);
  const bPatientName = `Zephyrine Quillfeather ${b.tenantId.slice(0, 8)}`;
  await asTenant(stack.admin, b.tenantId, (q) =>
    q('UPDATE patients SET display_name = $1 WHERE tenant_id = $2', [bPatientName, b.tenantId]),
  );
  const adminId = await member(stack, a.tenantId, 'tenant_admin');
  const tokens: Record<Caller, string | null> = {
    anonymous: null,
    clinician: a.clinicianToken,
    tenant_admin: await stack.tokenFor(adminId, a.tenantId, ['tenant_admin']),
    patient: a.patientToken,
    recorder: await stack.tokenFor(randomUUID(), a.tenantId, ['recorder']),
  };
  return {
    a: a.rows,
    b: b.rows,
    tokens,
    joinTokens: a.sessions.map((s) => s.patientToken),
    bPatientName,
    markers: [
      b.tenantId,
      b.clinicianId,
      bPatientName,
      ...b.rows.patientIds,
      ...b.rows.sessionIds,
      ...b.rows.participantIds,
      ...b.rows.asyncVisitIds,
      ...b.sessions.map((s) => s.body.roomName),
    ],
  };
}

/**
 * A tenant with a patient who has a portal account and every consent, a scheduled, a waiting and an active session,
 * and a submitted async visit.
 */
async function tenantWithRows(stack: Stack, face: Face) {
  const t = await stack.tenant();
  const patientId = await createPatient(stack.admin, t.tenantId, {
    telehealth: true,
    recording: true,
    ai_processing: true,
  });
  const patientToken = await patientAccount(stack, t.tenantId, patientId);
  const scheduled = await createSession(face, t.token, patientId);
  const waiting = await createSession(face, t.token, t.patientId);
  await patientWaitsProviderPresent(face, t.token, waiting);
  const active = await admittedSession(face, t.token, patientId);
  const sessions: CreatedSession[] = [scheduled, waiting, active];
  const visit = await face.call('POST', '/async-visits', {
    token: patientToken,
    body: { clientMutationId: randomUUID(), chiefComplaint: 'A rash on my arm for three days' },
  });
  expect(visit.status, JSON.stringify(visit.body)).toBe(201);
  const participantIds: string[] = [];
  for (const s of sessions) {
    const listed = await face.call('GET', `/sessions/${s.id}/participants`, { token: t.token });
    participantIds.push(...(listed.body.items as Array<{ id: string }>).map((p) => p.id));
  }
  return {
    tenantId: t.tenantId,
    clinicianId: t.clinicianId,
    clinicianToken: t.token,
    patientToken,
    sessions,
    rows: {
      tenantId: t.tenantId,
      patientIds: [t.patientId, patientId],
      sessionIds: sessions.map((s) => s.id),
      participantIds,
      asyncVisitIds: [visit.body.id as string],
    },
  };
}

async function member(stack: Stack, tenantId: string, role: string): Promise<string> {
  const userId = randomUUID();
  await stack.admin.pool.query('INSERT INTO users (id, email, name) VALUES ($1, $2, $3)', [
    userId,
    `${role}-${userId}@test.local`,
    'Test Admin',
  ]);
  await stack.admin.pool.query(
    'INSERT INTO tenant_memberships (tenant_id, user_id, role) VALUES ($1, $2, $3)',
    [tenantId, userId, role],
  );
  return userId;
}
