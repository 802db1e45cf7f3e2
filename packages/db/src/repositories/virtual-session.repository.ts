import {
  DomainError,
  type AuditEvent,
  type BandwidthChange,
  type BandwidthProfile,
  type DomainEvent,
  type EncounterRejection,
  type SessionListPage,
  type SessionListQuery,
  type SessionStatus,
  type VideoBackend,
  type VirtualSessionParticipantRecord,
  type VirtualSessionRecord,
  type VirtualSessionRepository,
} from '@virtual-care/domain';
import {
  insertEventsFromJson,
  outboxParams,
  type OutboxTraceContext,
} from '../outbox/outbox.writer';
import { run, statement, type Queryable } from '../sql/queryable';
import {
  insertParticipantsFromArrays,
  PARTICIPANT_ARRAY_COUNT,
  participantArrays,
  participantFromPrefixedRow,
  prefixedParticipantColumns,
} from './session-participant.repository';
import { decodeCursor, encodeCursor } from './session-cursor';

const COLUMNS = `id, tenant_id, node_id, patient_id, appointment_id, encounter_id, initiator_id,
  video_backend, room_name, room_url, status, scheduled_start, scheduled_end, actual_start,
  actual_end, recording_enabled, recording_ref, failure_reason, cancellation_reason,
  running_late_minutes, messaging_thread_id, bandwidth_profile, encounter_rejected_at,
  encounter_rejection, version, created_at, updated_at`;

/** The session's bandwidth profile history as one JSON array, oldest first (`session` is the row's alias). */
function bandwidthChangesOf(session: string): string {
  return `(SELECT coalesce(json_agg(json_build_object('from', c.from_profile, 'to', c.to_profile,
     'changedAt', c.changed_at, 'actorId', c.actor_id) ORDER BY c.seq), '[]'::json)
   FROM virtual_session_bandwidth_changes c WHERE c.session_id = ${session}.id) AS bandwidth_changes`;
}

const FIND_BY_ID = statement(
  'session_find_by_id',
  `SELECT ${COLUMNS}, ${bandwidthChangesOf('virtual_sessions')} FROM virtual_sessions WHERE id = $1`,
);

// One round trip for what every command loads: a row per participant, the session's columns repeated.
const FIND_WITH_PARTICIPANTS = statement(
  'session_find_with_participants',
  `SELECT ${COLUMNS.split(',')
    .map((c) => `s.${c.trim()}`)
    .join(', ')}, ${bandwidthChangesOf('s')}, ${prefixedParticipantColumns('p')}
   FROM virtual_sessions s LEFT JOIN virtual_session_participants p ON p.session_id = s.id
   WHERE s.id = $1 ORDER BY p.id`,
);

// Identity, tenant, patient and creation time never change; everything else may.
const CHANGEABLE_COLUMNS = [
  'node_id',
  'appointment_id',
  'encounter_id',
  'initiator_id',
  'video_backend',
  'room_name',
  'room_url',
  'status',
  'scheduled_start',
  'scheduled_end',
  'actual_start',
  'actual_end',
  'recording_enabled',
  'recording_ref',
  'failure_reason',
  'cancellation_reason',
  'running_late_minutes',
  'messaging_thread_id',
  'bandwidth_profile',
  'encounter_rejected_at',
  'encounter_rejection',
  'version',
  'updated_at',
] as const;

/** The values of CHANGEABLE_COLUMNS, in their order. */
function changeableValues(s: VirtualSessionRecord): unknown[] {
  return [
    s.nodeId,
    s.appointmentId,
    s.encounterId,
    s.initiatorId,
    s.videoBackend,
    s.roomName,
    s.roomUrl,
    s.status,
    s.scheduledStart,
    s.scheduledEnd,
    s.actualStart,
    s.actualEnd,
    s.recordingEnabled,
    s.recordingRef,
    s.failureReason,
    s.cancellationReason,
    s.runningLateMinutes,
    s.messagingThreadId,
    s.bandwidthProfile,
    s.encounterRejection?.at ?? null,
    s.encounterRejection
      ? JSON.stringify({
          httpStatus: s.encounterRejection.httpStatus,
          outcome: s.encounterRejection.outcome,
        })
      : null,
    s.version,
    s.updatedAt,
  ];
}

const INSERTED_COLUMNS = ['id', 'tenant_id', 'patient_id', 'created_at', ...CHANGEABLE_COLUMNS];

// The session, its first participants and its creation's events in one statement (the participants' foreign
// key is checked at its end).
const INSERT = statement(
  'session_insert',
  `WITH session AS (
     INSERT INTO virtual_sessions (${INSERTED_COLUMNS.join(', ')})
     VALUES (${INSERTED_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})),
   participants AS (${insertParticipantsFromArrays(INSERTED_COLUMNS.length + 1)})
   ${insertEventsFromJson(INSERTED_COLUMNS.length + 1 + PARTICIPANT_ARRAY_COUNT)}`,
);

const UPDATE = statement(
  'session_update',
  `UPDATE virtual_sessions SET ${CHANGEABLE_COLUMNS.map((c, i) => `${c} = $${i + 3}`).join(', ')}
   WHERE id = $1 AND version = $2`,
);

// The history is only ever appended to: `seq` is a change's place in it, so writing it again inserts nothing twice.
const APPEND_BANDWIDTH_CHANGES = statement(
  'session_append_bandwidth_changes',
  `INSERT INTO virtual_session_bandwidth_changes
     (tenant_id, session_id, seq, from_profile, to_profile, changed_at, actor_id)
   SELECT $1::uuid, $2, c.seq::int, c.from_profile, c.to_profile, c.changed_at, c.actor_id
   FROM unnest($3::text[], $4::text[], $5::timestamptz[], $6::text[])
     WITH ORDINALITY AS c(from_profile, to_profile, changed_at, actor_id, seq)
   ON CONFLICT (session_id, seq) DO NOTHING`,
);

interface SessionRow {
  id: string;
  tenant_id: string;
  node_id: string;
  patient_id: string;
  appointment_id: string | null;
  encounter_id: string | null;
  initiator_id: string;
  video_backend: string;
  room_name: string;
  room_url: string;
  status: string;
  scheduled_start: Date;
  scheduled_end: Date;
  actual_start: Date | null;
  actual_end: Date | null;
  recording_enabled: boolean;
  recording_ref: string | null;
  failure_reason: string | null;
  cancellation_reason: string | null;
  running_late_minutes: number | null;
  messaging_thread_id: string | null;
  bandwidth_profile: string;
  bandwidth_changes: { from: string; to: string; changedAt: string; actorId: string }[];
  encounter_rejected_at: Date | null;
  encounter_rejection: Omit<EncounterRejection, 'at'> | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

/** Tenant is enforced by RLS; the explicit tenant predicate in `list` lets the planner use the seed's indexes. */
export class PgVirtualSessionRepository implements VirtualSessionRepository {
  /**
   * `changed` collects the sessions this repository updated, for the unit of work to report once committed;
   * `trace` is the unit of work's trace context, stored with the events of a creation.
   */
  constructor(
    private readonly db: Queryable,
    private readonly tenantId: string,
    private readonly changed?: Set<string>,
    private readonly trace: OutboxTraceContext | null = null,
  ) {}

  async findById(id: string): Promise<VirtualSessionRecord | null> {
    const { rows } = await run<SessionRow>(this.db, FIND_BY_ID, [id]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async findWithParticipants(id: string): Promise<{
    session: VirtualSessionRecord;
    participants: VirtualSessionParticipantRecord[];
  } | null> {
    const { rows } = await run<SessionRow & Record<string, unknown>>(
      this.db,
      FIND_WITH_PARTICIPANTS,
      [id],
    );
    if (!rows[0]) return null;
    const participants = rows.map(participantFromPrefixedRow).filter((p) => p !== null);
    return { session: toRecord(rows[0]), participants };
  }

  async insert(
    s: VirtualSessionRecord,
    participants: readonly VirtualSessionParticipantRecord[] = [],
    events: readonly (DomainEvent | AuditEvent)[] = [],
  ): Promise<void> {
    await run(this.db, INSERT, [
      s.id,
      s.tenantId,
      s.patientId,
      s.createdAt,
      ...changeableValues(s),
      ...participantArrays(participants),
      ...outboxParams(events, this.trace),
    ]);
    await this.appendBandwidthChanges(s);
  }

  /** The aggregate has already bumped `s.version`; the row is written only if it still has `expectedVersion`. */
  async update(s: VirtualSessionRecord, expectedVersion: number): Promise<boolean> {
    const { rowCount } = await run(this.db, UPDATE, [
      s.id,
      expectedVersion,
      ...changeableValues(s),
    ]);
    if (rowCount !== 1) return false;
    await this.appendBandwidthChanges(s);
    this.changed?.add(s.id);
    return true;
  }

  /** The profile history, in the caller's transaction; nothing to do for a session that never changed profile. */
  private async appendBandwidthChanges(s: VirtualSessionRecord): Promise<void> {
    const changes = s.bandwidthChanges;
    if (changes.length === 0) return;
    await run(this.db, APPEND_BANDWIDTH_CHANGES, [
      s.tenantId,
      s.id,
      changes.map((c) => c.from),
      changes.map((c) => c.to),
      changes.map((c) => c.changedAt),
      changes.map((c) => c.actorId),
    ]);
  }

  /** Keyset pagination on (scheduled_start, id), either way; one prepared statement per filter shape and order. */
  async list(q: SessionListQuery): Promise<SessionListPage> {
    const limit = Math.max(1, Math.min(q.limit, 500));
    const values: unknown[] = [this.tenantId];
    const where = ['tenant_id = $1'];
    let shape = '';
    const add = (flag: string, sql: (n: number) => string, ...vals: unknown[]) => {
      const first = values.length + 1;
      values.push(...vals);
      where.push(sql(first));
      shape += flag;
    };
    if (q.status && q.status.length > 0) add('s', (n) => `status = ANY($${n}::text[])`, q.status);
    if (q.patientId) add('p', (n) => `patient_id = $${n}`, q.patientId);
    if (q.from) add('f', (n) => `scheduled_start >= $${n}`, q.from);
    if (q.to) add('t', (n) => `scheduled_start < $${n}`, q.to);
    if (q.awaitingEncounter)
      add('e', () => 'encounter_id IS NULL AND encounter_rejected_at IS NULL');
    const after = q.cursor ? decodeCursor(q.cursor) : null;
    if (q.cursor && !after) {
      throw new DomainError('VALIDATION_FAILED', 'The list cursor is malformed.', {
        field: 'cursor',
      });
    }
    const desc = q.order === 'desc';
    if (after)
      add(
        'c',
        (n) => `(scheduled_start, id) ${desc ? '<' : '>'} ($${n}, $${n + 1})`,
        after.scheduledStart,
        after.id,
      );
    values.push(limit + 1);

    const direction = desc ? 'DESC' : 'ASC';
    const stmt = statement(
      `session_list_${shape || 'all'}_${direction.toLowerCase()}`,
      `SELECT ${COLUMNS}, ${bandwidthChangesOf('virtual_sessions')}
       FROM virtual_sessions WHERE ${where.join(' AND ')}
       ORDER BY scheduled_start ${direction}, id ${direction} LIMIT $${values.length}`,
    );
    const { rows } = await run<SessionRow>(this.db, stmt, values);
    const items = rows.slice(0, limit).map(toRecord);
    const last = items[items.length - 1];
    return {
      items,
      nextCursor: rows.length > limit && last ? encodeCursor(last.scheduledStart, last.id) : null,
    };
  }
}

function toRecord(r: SessionRow): VirtualSessionRecord {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    nodeId: r.node_id,
    patientId: r.patient_id,
    appointmentId: r.appointment_id,
    encounterId: r.encounter_id,
    initiatorId: r.initiator_id,
    videoBackend: r.video_backend as VideoBackend,
    roomName: r.room_name,
    roomUrl: r.room_url,
    status: r.status as SessionStatus,
    scheduledStart: r.scheduled_start,
    scheduledEnd: r.scheduled_end,
    actualStart: r.actual_start,
    actualEnd: r.actual_end,
    recordingEnabled: r.recording_enabled,
    recordingRef: r.recording_ref,
    failureReason: r.failure_reason,
    cancellationReason: r.cancellation_reason,
    runningLateMinutes: r.running_late_minutes,
    messagingThreadId: r.messaging_thread_id,
    bandwidthProfile: r.bandwidth_profile as BandwidthProfile,
    bandwidthChanges: r.bandwidth_changes.map((c): BandwidthChange => ({
      from: c.from as BandwidthProfile,
      to: c.to as BandwidthProfile,
      changedAt: new Date(c.changedAt),
      actorId: c.actorId,
    })),
    encounterRejection:
      r.encounter_rejected_at && r.encounter_rejection
        ? { at: r.encounter_rejected_at, ...r.encounter_rejection }
        : null,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
