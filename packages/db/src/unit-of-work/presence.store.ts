import type {
  ParticipantStatus,
  PresencePort,
  PresenceRefreshCommand,
  PresenceRefreshed,
  SessionStatus,
} from '@virtual-care/domain';
import type pg from 'pg';
import { statement } from '../sql/queryable';
import { tenantStatement } from '../sql/tenant-transaction';

// The heartbeat that moves nothing, in one statement: last_seen_at only (never backwards), and only while the
// participant and its session are still in statuses where a heartbeat moves nothing. Under READ COMMITTED a
// concurrent writer of the row (an admit, a removal, the sweep's disconnect) makes it wait, then re-check both.
// Row-level security confines it to the tenant; last_seen_at alone sends no session-change notice.
const REFRESH_PRESENCE = statement(
  'presence_refresh',
  `UPDATE virtual_session_participants p SET last_seen_at = GREATEST(p.last_seen_at, $3)
     FROM virtual_sessions s
    WHERE p.id = $1 AND p.session_id = $2 AND s.id = p.session_id
      AND p.status = ANY($4::text[]) AND s.status = ANY($5::text[])
   RETURNING p.status AS participant_status, s.status AS session_status, s.version`,
);

interface RefreshedRow {
  participant_status: ParticipantStatus;
  session_status: SessionStatus;
  version: number;
}

/** PresencePort on the tenant pool: the statement and its transaction in one round trip, not waiting for a flush. */
export class PgPresenceStore implements PresencePort {
  constructor(private readonly pool: pg.Pool) {}

  async refresh(
    tenantId: string,
    command: PresenceRefreshCommand,
  ): Promise<PresenceRefreshed | null> {
    const { rows } = await tenantStatement<RefreshedRow>(
      this.pool,
      tenantId,
      REFRESH_PRESENCE,
      [
        command.participantId,
        command.sessionId,
        command.seenAt,
        command.participantStatuses,
        command.sessionStatuses,
      ],
      // A refresh lost in a crash is redone by the next heartbeat, seconds later, long before the sweep's timeout:
      // not worth a WAL flush each, which at a thousand waiting patients is what the database would wait on.
      { unflushed: true },
    );
    const row = rows[0];
    return row
      ? {
          participantStatus: row.participant_status,
          sessionStatus: row.session_status,
          version: row.version,
        }
      : null;
  }
}
