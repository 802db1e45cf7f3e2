import { run, statement, type Queryable } from '../sql/queryable';

// The worker role's cross-tenant reads (permissive worker policies, decision 0003): which tenants have
// work for a job. The jobs then act per tenant through the tenant unit of work.

const ENCOUNTER_PENDING = statement(
  'scan_encounter_pending',
  `SELECT tenant_id, count(*)::int AS pending FROM virtual_sessions
    WHERE status = 'ended' AND encounter_id IS NULL GROUP BY tenant_id`,
);

const LIVE_SESSIONS = statement(
  'scan_live_sessions',
  `SELECT DISTINCT tenant_id FROM virtual_sessions WHERE status IN ('scheduled', 'waiting', 'active')`,
);

const BY_APPOINTMENT = statement(
  'scan_session_by_appointment',
  `SELECT id FROM virtual_sessions WHERE tenant_id = $1 AND appointment_id = $2 ORDER BY created_at DESC LIMIT 1`,
);

/** Tenants with ended sessions whose Encounter is still missing, and how many each. */
export async function tenantsWithPendingEncounters(
  db: Queryable,
): Promise<{ tenantId: string; pending: number }[]> {
  const { rows } = await run<{ tenant_id: string; pending: number }>(db, ENCOUNTER_PENDING, []);
  return rows.map((r) => ({ tenantId: r.tenant_id, pending: r.pending }));
}

/** Tenants with sessions whose presence the sweep must watch. */
export async function tenantsWithLiveSessions(db: Queryable): Promise<string[]> {
  const { rows } = await run<{ tenant_id: string }>(db, LIVE_SESSIONS, []);
  return rows.map((r) => r.tenant_id);
}

/** The session created for a scheduling appointment, if any. */
export async function sessionIdForAppointment(
  db: Queryable,
  tenantId: string,
  appointmentId: string,
): Promise<string | null> {
  const { rows } = await run<{ id: string }>(db, BY_APPOINTMENT, [tenantId, appointmentId]);
  return rows[0]?.id ?? null;
}
