import type {
  DeviceCheck,
  ParticipantRole,
  WaitingRoomReadModel,
  WaitingRoomSnapshot,
} from '@virtual-care/domain';
import { run, statement, type Queryable } from '../sql/queryable';
import { IN_ROOM_STATUS_LIST, OPEN_SESSION_STATUS_LIST } from '../sql/vocabulary.sql';

// The whole waiting room in one statement: the clinicians in a visit (always one row), then everyone waiting across
// the open sessions (the partial index on waiting participants, then each session by key) with their names, in queue
// order: the earlier appointment first, then the earlier arrival. A patient's name comes from the tenant's registry
// (row-level security applies), a staff member's from their account.
const WAITING_ROOM = statement(
  'waiting_room_read',
  `WITH in_visit AS (
     SELECT coalesce(array_agg(DISTINCT p.user_id::text), '{}') AS clinician_ids
       FROM virtual_sessions s
       JOIN virtual_session_participants p ON p.session_id = s.id
      WHERE s.tenant_id = $1 AND s.status = 'active'
        AND p.role = 'provider' AND p.status IN (${IN_ROOM_STATUS_LIST})
   )
   SELECT v.clinician_ids, w.*
     FROM in_visit v
     LEFT JOIN (
       SELECT s.id AS session_id, s.version, s.initiator_id, s.scheduled_start, s.running_late_minutes,
              p.id AS participant_id, p.user_id, p.role, p.waiting_since, p.device_check,
              coalesce(pt.display_name, u.name) AS display_name
         FROM virtual_session_participants p
         JOIN virtual_sessions s ON s.id = p.session_id
         LEFT JOIN patients pt ON p.role = 'patient' AND pt.tenant_id = $1 AND pt.id = p.user_id
         LEFT JOIN users u ON p.role <> 'patient' AND u.id = p.user_id
        WHERE p.tenant_id = $1 AND p.status = 'waiting'
          AND s.status IN (${OPEN_SESSION_STATUS_LIST})
     ) w ON TRUE
    ORDER BY w.scheduled_start, w.waiting_since NULLS LAST, w.participant_id`,
);

type WaitingRoomRow = { clinician_ids: string[] } & (
  | {
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
      display_name: string | null;
    }
  | { session_id: null } // nobody waits: the one row carries the clinicians only
);

/** The waiting room as one read (RLS confines it to the tenant; the explicit predicates let the planner use the indexes). */
export class PgWaitingRoomReadModel implements WaitingRoomReadModel {
  constructor(
    private readonly db: Queryable,
    private readonly tenantId: string,
  ) {}

  async read(): Promise<WaitingRoomSnapshot> {
    const { rows } = await run<WaitingRoomRow>(this.db, WAITING_ROOM, [this.tenantId]);
    return {
      cliniciansInVisit: rows[0]?.clinician_ids ?? [],
      waiting: rows.flatMap((r) =>
        r.session_id === null
          ? []
          : [
              {
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
                displayName: r.display_name,
              },
            ],
      ),
    };
  }
}
