import { randomUUID } from 'node:crypto';
import type {
  AsyncVisitRecord,
  DomainEvent,
  VirtualSessionParticipantRecord,
  VirtualSessionRecord,
} from '@virtual-care/domain';
import type pg from 'pg';
import { ulid } from 'ulid';

/** A fresh tenant per test: tests share one database and never truncate. */
export async function createTenant(admin: pg.Pool, licensed = true): Promise<string> {
  const id = randomUUID();
  await admin.query(
    'INSERT INTO tenants (id, name, slug, virtual_care_licensed) VALUES ($1, $2, $3, $4)',
    [id, `Test clinic ${id.slice(0, 8)}`, `test-${id}`, licensed],
  );
  return id;
}

// Whole milliseconds, like every Date the application writes.
const at = (iso: string) => new Date(iso);

export function sessionFor(
  tenantId: string,
  over: Partial<VirtualSessionRecord> = {},
): VirtualSessionRecord {
  const id = `vsn_${ulid()}`;
  const start = over.scheduledStart ?? at('2026-05-01T09:00:00.000Z');
  return {
    id,
    tenantId,
    nodeId: randomUUID(),
    patientId: randomUUID(),
    appointmentId: null,
    encounterId: null,
    initiatorId: randomUUID(),
    videoBackend: 'jitsi',
    roomName: `kfc-${id.slice(-8).toLowerCase()}`,
    roomUrl: `https://meet.example.test/kfc-${id.slice(-8).toLowerCase()}`,
    status: 'scheduled',
    scheduledStart: start,
    scheduledEnd: new Date(start.getTime() + 30 * 60_000),
    actualStart: null,
    actualEnd: null,
    recordingEnabled: false,
    recordingRef: null,
    failureReason: null,
    cancellationReason: null,
    runningLateMinutes: null,
    messagingThreadId: null,
    bandwidthProfile: 'video',
    bandwidthChanges: [],
    encounterRejection: null,
    version: 1,
    createdAt: at('2026-04-20T08:00:00.000Z'),
    updatedAt: at('2026-04-20T08:00:00.000Z'),
    ...over,
  };
}

export function participantFor(
  session: VirtualSessionRecord,
  over: Partial<VirtualSessionParticipantRecord> = {},
): VirtualSessionParticipantRecord {
  return {
    id: `vsp_${ulid()}`,
    sessionId: session.id,
    tenantId: session.tenantId,
    userId: randomUUID(),
    role: 'patient',
    status: 'invited',
    joinedAt: null,
    leftAt: null,
    removedAt: null,
    removedReason: null,
    lastSeenAt: null,
    waitingSince: null,
    deviceCheck: null,
    ...over,
  };
}

export function asyncVisitFor(
  tenantId: string,
  over: Partial<AsyncVisitRecord> = {},
): AsyncVisitRecord {
  return {
    id: `avs_${ulid()}`,
    tenantId,
    patientId: randomUUID(),
    appointmentId: null,
    providerId: null,
    chiefComplaint: 'Rash on the left forearm for three days',
    attachmentRefs: ['att_1', 'att_2'],
    answers: [{ questionId: 'onset', question: 'Since when?', answer: 'Three days' }],
    status: 'submitted',
    clientMutationId: `cm_${ulid()}`,
    submittedAt: at('2026-04-20T08:00:00.000Z'),
    respondedAt: null,
    encounterId: null,
    encounterRejection: null,
    responseText: null,
    createdAt: at('2026-04-20T08:00:00.000Z'),
    updatedAt: at('2026-04-20T08:00:00.000Z'),
    ...over,
  };
}

export function createdEvent(
  session: VirtualSessionRecord,
): DomainEvent<'virtual_care.session.created.v1'> {
  return {
    id: `evt_${ulid()}`,
    type: 'virtual_care.session.created.v1',
    tenantId: session.tenantId,
    aggregateId: session.id,
    occurredAt: at('2026-04-20T08:00:00.000Z'),
    payload: {
      sessionId: session.id,
      patientId: session.patientId,
      initiatorId: session.initiatorId,
      appointmentId: null,
      videoBackend: 'jitsi',
      roomName: session.roomName,
      scheduledStart: session.scheduledStart.toISOString(),
      scheduledEnd: session.scheduledEnd.toISOString(),
      recordingEnabled: false,
    },
  };
}
