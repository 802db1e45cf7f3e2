import type {
  DeviceCheck,
  ParticipantRole,
  WaitingRoomEntry,
  WaitingRoomReadModel,
} from '@virtual-care/domain';
import { run, statement, type Queryable } from '../sql/queryable';

// One statement for the whole waiting room (the partial index on waiting participants, then each session by key),
// in queue order: the earlier appointment first, then the earlier arrival.
const WAITING = statement(
  'waiting_room_waiting',
  `SELECT s.id AS session_id, s.version, s.initiator_id, s.scheduled_start, s.running_late_minutes,
          p.id AS participant_id, p.user_id, p.role, p.waiting_since, p.device_check
     FROM virtual_session_participants p
     JOIN virtual_sessions s ON s.id = p.session_id
    WHERE p.tenant_id = $1 AND p.status = 'waiting'
      AND s.status IN ('scheduled', 'waiting', 'active')
    ORDER BY s.scheduled_start, p.waiting_since NULLS LAST, p.id`,
);

const CLINICIANS_IN_VISIT = statement(
  'waiting_room_clinicians_in_visit',
  `SELECT DISTINCT p.user_id
     FROM virtual_sessions s
     JOIN virtual_session_participants p ON p.session_id = s.id
    WHERE s.tenant_id = $1 AND s.status = 'active'
      AND p.role = 'provider' AND p.status IN ('admitted', 'active')`,
);

interface WaitingRow {
  session_id: string;
  version: number;
  initiator_id: string;
  scheduled_start: Date;
  running_late_minutes: number | null;
  participant_id: string;
  user_id: string;
  role: string;
  waiting_since: Date | null;
  device_check: DeviceCheck | null;
}

/** The waiting room as one read (RLS confines it to the tenant; the explicit predicate lets the planner use the indexes). */
export class PgWaitingRoomReadModel implements WaitingRoomReadModel {
  constructor(
    private readonly db: Queryable,
    private readonly tenantId: string,
  ) {}

  async waiting(): Promise<WaitingRoomEntry[]> {
    const { rows } = await run<WaitingRow>(this.db, WAITING, [this.tenantId]);
    return rows.map((r) => ({
      sessionId: r.session_id,
      sessionVersion: r.version,
      clinicianId: r.initiator_id,
      scheduledStart: r.scheduled_start,
      runningLateMinutes: r.running_late_minutes,
      participantId: r.participant_id,
      userId: r.user_id,
      role: r.role as ParticipantRole,
      waitingSince: r.waiting_since,
      deviceCheck: r.device_check,
    }));
  }

  async cliniciansInVisit(): Promise<string[]> {
    const { rows } = await run<{ user_id: string }>(this.db, CLINICIANS_IN_VISIT, [this.tenantId]);
    return rows.map((r) => r.user_id);
  }
}
