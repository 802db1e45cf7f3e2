import type {
  DeviceCheck,
  ParticipantRole,
  ParticipantStatus,
  SessionParticipantRepository,
  VirtualSessionParticipantRecord,
} from '@virtual-care/domain';
import { run, statement, type Queryable } from '../sql/queryable';

const COLUMN_NAMES = [
  'id',
  'session_id',
  'tenant_id',
  'user_id',
  'role',
  'status',
  'joined_at',
  'left_at',
  'removed_at',
  'removed_reason',
  'last_seen_at',
  'waiting_since',
  'device_check',
] as const;
const COLUMNS = COLUMN_NAMES.join(', ');

const ARRAY_TYPES = [
  'text',
  'text',
  'uuid',
  'uuid',
  'text',
  'text',
  'timestamptz',
  'timestamptz',
  'timestamptz',
  'text',
  'timestamptz',
  'timestamptz',
  'jsonb',
] as const;

/** How many parameters insertParticipantsFromArrays takes: one array per column. */
export const PARTICIPANT_ARRAY_COUNT = ARRAY_TYPES.length;

/** INSERT of the participants whose columns travel as arrays from parameter `$first` on (see participantArrays). */
export function insertParticipantsFromArrays(first: number): string {
  const arrays = ARRAY_TYPES.map((type, i) => `$${first + i}::${type}[]`).join(', ');
  return `INSERT INTO virtual_session_participants (${COLUMNS}) SELECT * FROM unnest(${arrays})`;
}

/** The parameters of insertParticipantsFromArrays: one array per column, in COLUMN_NAMES order. */
export function participantArrays(ps: readonly VirtualSessionParticipantRecord[]): unknown[][] {
  const column = <K extends keyof VirtualSessionParticipantRecord>(k: K) => ps.map((p) => p[k]);
  return [
    column('id'),
    column('sessionId'),
    column('tenantId'),
    column('userId'),
    column('role'),
    column('status'),
    column('joinedAt'),
    column('leftAt'),
    column('removedAt'),
    column('removedReason'),
    column('lastSeenAt'),
    column('waitingSince'),
    // node-postgres sends a JS array as a PostgreSQL array, so the jsonb values travel as their JSON text.
    ps.map((p) => (p.deviceCheck ? JSON.stringify(p.deviceCheck) : null)),
  ];
}

/** The columns of `alias` renamed `p_<column>`, for reads that join participants to their session. */
export function prefixedParticipantColumns(alias: string): string {
  return COLUMN_NAMES.map((c) => `${alias}.${c} AS p_${c}`).join(', ');
}

/** A participant from a row selected with `prefixedParticipantColumns` (the one mapping); null when a join found none. */
export function participantFromPrefixedRow(
  row: Record<string, unknown>,
): VirtualSessionParticipantRecord | null {
  if (row.p_id === null || row.p_id === undefined) return null;
  const r = row as { [K in keyof ParticipantRow as `p_${K}`]: ParticipantRow[K] };
  return {
    id: r.p_id,
    sessionId: r.p_session_id,
    tenantId: r.p_tenant_id,
    userId: r.p_user_id,
    role: r.p_role as ParticipantRole,
    status: r.p_status as ParticipantStatus,
    joinedAt: r.p_joined_at,
    leftAt: r.p_left_at,
    removedAt: r.p_removed_at,
    removedReason: r.p_removed_reason,
    lastSeenAt: r.p_last_seen_at,
    waitingSince: r.p_waiting_since,
    deviceCheck: r.p_device_check,
  };
}

const FIND_BY_ID = statement(
  'participant_find_by_id',
  `SELECT ${prefixedParticipantColumns('p')} FROM virtual_session_participants p WHERE p.id = $1`,
);

// One statement for any number of participants: the columns travel as arrays.
// session, tenant, user and role of a participant never change. last_seen_at only moves forward: a
// transition saved from an older read (an admit, the sweep) must not undo a heartbeat's touchPresence
// that committed in between, since that touch does not bump the session version.
const UPSERT = statement(
  'participant_upsert',
  `${insertParticipantsFromArrays(1)}
   ON CONFLICT (id) DO UPDATE SET
     status = EXCLUDED.status, joined_at = EXCLUDED.joined_at, left_at = EXCLUDED.left_at,
     removed_at = EXCLUDED.removed_at, removed_reason = EXCLUDED.removed_reason,
     waiting_since = EXCLUDED.waiting_since, device_check = EXCLUDED.device_check,
     last_seen_at = GREATEST(virtual_session_participants.last_seen_at, EXCLUDED.last_seen_at)`,
);

// Presence only: one column, and only while the status is still the one the heartbeat decided on, so a
// status change committed since the read (admit, removal, the sweep's disconnect) is never overwritten.
// Under READ COMMITTED a concurrent writer of the row makes this wait, then re-check the status.
// Like the upsert, it never moves last_seen_at backwards (a late, delayed heartbeat).
const TOUCH_PRESENCE = statement(
  'participant_touch_presence',
  `UPDATE virtual_session_participants SET last_seen_at = GREATEST(last_seen_at, $2) WHERE id = $1 AND status = $3`,
);

interface ParticipantRow {
  id: string;
  session_id: string;
  tenant_id: string;
  user_id: string;
  role: string;
  status: string;
  joined_at: Date | null;
  left_at: Date | null;
  removed_at: Date | null;
  removed_reason: string | null;
  last_seen_at: Date | null;
  waiting_since: Date | null;
  device_check: DeviceCheck | null;
}

export class PgSessionParticipantRepository implements SessionParticipantRepository {
  /** `changed` collects the sessions whose participants this repository saved (presence touches are not changes). */
  constructor(
    private readonly db: Queryable,
    private readonly changed?: Set<string>,
  ) {}

  async findById(id: string): Promise<VirtualSessionParticipantRecord | null> {
    const { rows } = await run<Record<string, unknown>>(this.db, FIND_BY_ID, [id]);
    return rows[0] ? participantFromPrefixedRow(rows[0]) : null;
  }

  async save(ps: readonly VirtualSessionParticipantRecord[]): Promise<void> {
    if (ps.length === 0) return;
    await run(this.db, UPSERT, participantArrays(ps));
    for (const p of ps) this.changed?.add(p.sessionId);
  }

  async touchPresence(
    participantId: string,
    seenAt: Date,
    expectedStatus: ParticipantStatus,
  ): Promise<boolean> {
    const { rowCount } = await run(this.db, TOUCH_PRESENCE, [
      participantId,
      seenAt,
      expectedStatus,
    ]);
    return rowCount === 1;
  }
}
