import {
  cancelSession,
  isDomainError,
  type CoreDeps,
  type CreateVirtualSessionCommand,
  type ErrorCode,
  type SessionSnapshot,
} from '@virtual-care/domain';
import type { InboxStore, WorkerScanStore } from '@virtual-care/db';
import type { Logger } from 'pino';
import { schedulingCloudEvent, SCHEDULING_EVENT_TYPES } from './scheduling-events';

/** `rejected`: a domain refusal (recorded, acknowledged); `malformed`: unreadable (dead-lettered). */
export type SchedulingOutcome =
  'created' | 'cancelled' | 'duplicate' | 'ignored' | 'rejected' | 'malformed';

export interface SchedulingHandlerDeps extends CoreDeps {
  /** Processed events by CloudEvent id. */
  inbox: InboxStore;
  scans: Pick<WorkerScanStore, 'sessionIdForAppointment'>;
  /** createVirtualSession with the product's adapters (licence, consent, video health, video). */
  createSession: (command: CreateVirtualSessionCommand) => Promise<SessionSnapshot>;
  log: Logger;
}

// Outcomes that will not change on redelivery: the event is recorded as processed and acknowledged.
// NOT_FOUND: the appointment's session is gone (another tenant's or never created); redelivery finds nothing either.
const PERMANENT: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'CONSENT_REQUIRED',
  'MODULE_NOT_LICENSED',
  'VALIDATION_FAILED',
  'INVALID_STATUS_TRANSITION',
  'NOT_FOUND',
]);

/**
 * Processes one scheduling CloudEvent at most once in effect. The inbox (by CloudEvent id) drops repeats;
 * the session's appointment id is the second key, unique per tenant in the database, so neither a crash between
 * the session's commit and the inbox row (separate transactions: the use case owns its unit of work) nor two
 * workers handling copies of the event at once can create a second session.
 * Transient failures throw: the consumer naks and JetStream redelivers.
 */
export async function handleSchedulingEvent(
  deps: SchedulingHandlerDeps,
  raw: unknown,
): Promise<SchedulingOutcome> {
  const parsed = schedulingCloudEvent.safeParse(raw);
  if (!parsed.success) {
    const id =
      typeof raw === 'object' && raw !== null && 'id' in raw && typeof raw.id === 'string'
        ? raw.id
        : null;
    deps.log.warn(
      { eventId: id, issues: parsed.error.issues.map((i) => i.path.join('.')) },
      'scheduling event rejected',
    );
    if (id) await deps.inbox.record(id, 'invalid');
    return 'malformed';
  }
  const event = parsed.data;
  if (await deps.inbox.has(event.id)) return 'duplicate';
  const tenantId = event.tenantid;
  let outcome: SchedulingOutcome;
  try {
    outcome =
      event.type === SCHEDULING_EVENT_TYPES.booked
        ? await booked(deps, tenantId, event.data)
        : await cancelled(deps, tenantId, event.data);
  } catch (error) {
    const code = permanentCode(error);
    if (!code) throw error;
    deps.log.warn({ eventId: event.id, tenantId, code }, 'scheduling event could not be applied');
    outcome = 'rejected';
  }
  await deps.inbox.record(event.id, event.type);
  return outcome;
}

async function booked(
  deps: SchedulingHandlerDeps,
  tenantId: string,
  data: Extract<
    ReturnType<typeof schedulingCloudEvent.parse>,
    { type: 'scheduling.appointment.booked.v1' }
  >['data'],
): Promise<SchedulingOutcome> {
  if (data.visitMode !== 'telehealth') return 'ignored';
  if (await deps.scans.sessionIdForAppointment(tenantId, data.appointmentId)) return 'duplicate';
  try {
    await deps.createSession({
      tenantId,
      nodeId: data.nodeId,
      patientId: data.patientId,
      initiatorId: data.practitionerId,
      appointmentId: data.appointmentId,
      scheduledStart: new Date(data.start),
      scheduledEnd: new Date(data.end),
      recordingEnabled: data.recordingRequested ?? false,
    });
  } catch (error) {
    // Another delivery created it between our check and our insert: already done.
    if (isAppointmentTaken(error)) return 'duplicate';
    throw error;
  }
  return 'created';
}

/** The unique index on (tenant_id, appointment_id) refused a second session (migration 20261214000000). */
function isAppointmentTaken(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    error.code === '23505' &&
    'constraint' in error &&
    error.constraint === 'uq_virtual_sessions_tenant_appointment'
  );
}

async function cancelled(
  deps: SchedulingHandlerDeps,
  tenantId: string,
  data: Extract<
    ReturnType<typeof schedulingCloudEvent.parse>,
    { type: 'scheduling.appointment.cancelled.v1' }
  >['data'],
): Promise<SchedulingOutcome> {
  const sessionId = await deps.scans.sessionIdForAppointment(tenantId, data.appointmentId);
  if (!sessionId) return 'ignored';
  await cancelSession(deps, {
    tenantId,
    sessionId,
    actorId: data.cancelledBy,
    reason: data.reason,
  });
  return 'cancelled';
}

/** A failure redelivery cannot fix (a domain refusal, or PostgreSQL data exception class 22), else null. */
function permanentCode(error: unknown): string | null {
  if (isDomainError(error)) return PERMANENT.has(error.code) ? error.code : null;
  const sqlState =
    typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  return sqlState.startsWith('22') ? `sqlstate_${sqlState}` : null;
}
