import { randomBytes, randomUUID } from 'node:crypto';
import { createDatabase, type Database } from '@virtual-care/db';
import { openSqlPool, type SqlPool } from '@virtual-care/db/test-support';
import type {
  AsyncVisitRecord,
  DomainEvent,
  VirtualSessionParticipantRecord,
  VirtualSessionRecord,
} from '@virtual-care/domain';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { pino } from 'pino';
import { afterAll, inject } from 'vitest';
import type { CloudEvent } from '../../src/cloud-event';
import { ensureEventStream } from '../../src/stream';
import { ulidIds } from '@virtual-care/api';

export const silentLog = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

export interface TestContext {
  admin: SqlPool;
  /** The worker exactly as it runs: virtual_care_worker_login. */
  db: Database;
  workerUrl: string;
  natsUrl: string;
}

export function useTestContext(): TestContext {
  const admin = openSqlPool(inject('adminUrl'));
  const db = createDatabase({ url: inject('workerUrl'), maxConnections: 6 });
  afterAll(async () => {
    await db.close();
    await admin.end();
  });
  return { admin, db, workerUrl: inject('workerUrl'), natsUrl: inject('natsUrl') };
}

export async function createTenant(admin: SqlPool): Promise<string> {
  const id = randomUUID();
  await admin.query(
    'INSERT INTO tenants (id, name, slug, virtual_care_licensed) VALUES ($1, $2, $3, TRUE)',
    [id, `Worker test ${id.slice(0, 8)}`, `wt-${id}`],
  );
  return id;
}

/** A stream and subject prefix of the test's own, so tests never read each other's messages. */
export async function createTestStream(
  nc: NatsConnection,
  duplicateWindowSeconds = 120,
): Promise<{ name: string; prefix: string; jsm: JetStreamManager }> {
  const tag = randomBytes(4).toString('hex');
  const name = `VC_TEST_${tag}`;
  const prefix = `vct_${tag}`;
  const jsm = await jetstreamManager(nc);
  await ensureEventStream(jsm, {
    name,
    subjectPrefix: prefix,
    duplicateWindowSeconds,
    replicas: 1,
  });
  return { name, prefix, jsm };
}

export function connectNats(url: string): Promise<NatsConnection> {
  return connect({
    servers: url,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 200,
    waitOnFirstConnect: true,
  });
}

/** Every message of the stream, decoded, in stream order. */
export async function readStream(nc: NatsConnection, stream: string): Promise<CloudEvent[]> {
  const jsm = await jetstreamManager(nc);
  const total = (await jsm.streams.info(stream)).state.messages;
  const out: CloudEvent[] = [];
  if (total === 0) return out;
  const consumer = await jetstream(nc).consumers.get(stream);
  const messages = await consumer.consume();
  for await (const m of messages) {
    out.push(m.json<CloudEvent>());
    if (out.length >= total) break;
  }
  await messages.close();
  return out;
}

export function sessionEvent(tenantId: string, sessionId: string, n: number): DomainEvent {
  return {
    id: ulidIds.next('evt'),
    type: 'virtual_care.session.participant.joined.v1',
    tenantId,
    aggregateId: sessionId,
    occurredAt: new Date(),
    payload: {
      sessionId,
      participantId: ulidIds.next('vsp'),
      userId: randomUUID(),
      role: 'patient',
      participantStatus: n % 2 ? 'waiting' : 'admitted',
    },
  };
}

/** Writes events through the product's outbox writer (tenant unit of work), `perTx` per transaction. */
export async function writeEvents(
  db: Database,
  tenantId: string,
  events: readonly DomainEvent[],
  perTx = 100,
): Promise<void> {
  for (let i = 0; i < events.length; i += perTx) {
    await db.unitOfWork.run(tenantId, (scope) => scope.outbox.append(events.slice(i, i + perTx)));
  }
}

export async function waitFor(
  check: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export async function unpublishedCount(admin: SqlPool, tenantId: string): Promise<number> {
  const { rows } = await admin.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM virtual_care_outbox WHERE tenant_id = $1 AND NOT published',
    [tenantId],
  );
  return rows[0]?.n ?? 0;
}

export function sessionRecord(
  tenantId: string,
  over: Partial<VirtualSessionRecord> = {},
): VirtualSessionRecord {
  const id = ulidIds.next('vsn');
  const now = new Date();
  return {
    id,
    tenantId,
    nodeId: randomUUID(),
    patientId: randomUUID(),
    appointmentId: null,
    encounterId: null,
    initiatorId: randomUUID(),
    videoBackend: 'jitsi',
    roomName: `vc-${id.slice(-8).toLowerCase()}`,
    roomUrl: `https://meet.example.test/vc-${id.slice(-8).toLowerCase()}`,
    status: 'scheduled',
    scheduledStart: now,
    scheduledEnd: new Date(now.getTime() + 30 * 60_000),
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
    createdAt: now,
    updatedAt: now,
    ...over,
  };
}

export function participantRecord(
  session: VirtualSessionRecord,
  over: Partial<VirtualSessionParticipantRecord> = {},
): VirtualSessionParticipantRecord {
  return {
    id: ulidIds.next('vsp'),
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

/** An async visit the clinician answered at `respondedAt`, its Encounter not created yet. */
export function answeredAsyncVisitRecord(
  tenantId: string,
  respondedAt: Date,
  over: Partial<AsyncVisitRecord> = {},
): AsyncVisitRecord {
  const submittedAt = new Date(respondedAt.getTime() - 3_600_000);
  return {
    id: ulidIds.next('avs'),
    tenantId,
    patientId: randomUUID(),
    appointmentId: null,
    providerId: randomUUID(),
    chiefComplaint: 'A rash on the arm',
    attachmentRefs: [],
    answers: [],
    status: 'responded',
    clientMutationId: randomUUID(),
    submittedAt,
    respondedAt,
    encounterId: null,
    encounterRejection: null,
    responseText: 'Keep it dry.',
    createdAt: submittedAt,
    updatedAt: respondedAt,
    ...over,
  };
}
