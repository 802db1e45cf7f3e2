import type pg from 'pg';
import { run, statement } from '../sql/queryable';
import { inTenantTransaction } from '../sql/tenant-transaction';
import { OPEN_SESSION_STATUS_LIST } from '../sql/vocabulary.sql';

// Ended sessions and answered async visits still awaiting their Encounter, not refused for good.
const ENCOUNTER_PENDING = statement(
  'scan_encounter_pending',
  `SELECT tenant_id, count(*)::int AS pending FROM (
     SELECT tenant_id FROM virtual_sessions
      WHERE status = 'ended' AND encounter_id IS NULL AND encounter_rejected_at IS NULL
     UNION ALL
     SELECT tenant_id FROM async_visits
      WHERE responded_at IS NOT NULL AND encounter_id IS NULL AND encounter_rejected_at IS NULL
   ) awaiting
   GROUP BY tenant_id`,
);

const LIVE_SESSIONS = statement(
  'scan_live_sessions',
  `SELECT DISTINCT tenant_id FROM virtual_sessions WHERE status IN (${OPEN_SESSION_STATUS_LIST})`,
);

// Every open session by status, and who waits in them, across tenants: one statement, for the metrics' scrape.
const SESSION_CENSUS = statement(
  'scan_session_census',
  `SELECT s.status, count(DISTINCT s.id)::int AS sessions, count(p.id)::int AS waiting
     FROM virtual_sessions s
     LEFT JOIN virtual_session_participants p ON p.session_id = s.id AND p.status = 'waiting'
    WHERE s.status IN (${OPEN_SESSION_STATUS_LIST})
    GROUP BY s.status`,
);

// Transcript segments past their tenant's retention (decision 0029); readers already skip them.
const DELETE_EXPIRED_TRANSCRIPTS = statement(
  'scan_delete_expired_transcripts',
  `DELETE FROM session_transcript_segments WHERE expires_at <= $1`,
);

const BY_APPOINTMENT = statement(
  'scan_session_by_appointment',
  `SELECT id FROM virtual_sessions WHERE tenant_id = $1 AND appointment_id = $2 ORDER BY created_at DESC LIMIT 1`,
);

/**
 * The worker's look-ups outside the use cases. The scans read across tenants (the worker role's permissive
 * policies, decision 0003) to find which tenants have work for a job; the jobs then act per tenant through the
 * tenant unit of work. A look-up within one tenant runs in a tenant transaction like any tenant-scoped read.
 */
export class WorkerScanStore {
  constructor(
    private readonly platformPool: pg.Pool,
    private readonly tenantPool: pg.Pool,
  ) {}

  /**
   * Tenants with ended sessions or answered async visits still awaiting their Encounter (not refused for good),
   * and how many each.
   */
  async tenantsWithPendingEncounters(): Promise<{ tenantId: string; pending: number }[]> {
    const { rows } = await run<{ tenant_id: string; pending: number }>(
      this.platformPool,
      ENCOUNTER_PENDING,
      [],
    );
    return rows.map((r) => ({ tenantId: r.tenant_id, pending: r.pending }));
  }

  /** Tenants with sessions whose presence the sweep must watch. */
  async tenantsWithLiveSessions(): Promise<string[]> {
    const { rows } = await run<{ tenant_id: string }>(this.platformPool, LIVE_SESSIONS, []);
    return rows.map((r) => r.tenant_id);
  }

  /** How many open sessions each status has, and how many participants wait in the open sessions, all tenants. */
  async sessionCensus(): Promise<{ sessionsByStatus: Record<string, number>; waiting: number }> {
    const { rows } = await run<{ status: string; sessions: number; waiting: number }>(
      this.platformPool,
      SESSION_CENSUS,
      [],
    );
    return {
      sessionsByStatus: Object.fromEntries(rows.map((r) => [r.status, r.sessions])),
      waiting: rows.reduce((n, r) => n + r.waiting, 0),
    };
  }

  /** Deletes every tenant's transcript segments expired at `now`; answers how many. */
  async deleteExpiredTranscripts(now: Date): Promise<number> {
    const { rowCount } = await run(this.platformPool, DELETE_EXPIRED_TRANSCRIPTS, [now]);
    return rowCount ?? 0;
  }

  /** The session created for a scheduling appointment, if any. */
  sessionIdForAppointment(tenantId: string, appointmentId: string): Promise<string | null> {
    return inTenantTransaction(this.tenantPool, { tenantId }, 'READ ONLY', async (client) => {
      const { rows } = await run<{ id: string }>(client, BY_APPOINTMENT, [tenantId, appointmentId]);
      return rows[0]?.id ?? null;
    });
  }
}
