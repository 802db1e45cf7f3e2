import type { AuditEvent } from '../events/audit.events';

/** Audit sink the relay forwards audit rows to. Use cases write audit events through the outbox instead. */
export interface AuditPort {
  record(events: readonly AuditEvent[]): Promise<void>;
}
