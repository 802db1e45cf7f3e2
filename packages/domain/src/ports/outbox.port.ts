import type { AuditEvent } from '../events/audit.events';
import type { DomainEvent } from '../events/domain.events';

/** Written in the same transaction as the aggregate; the worker relays after commit. */
export interface OutboxPort {
  append(events: readonly (DomainEvent | AuditEvent)[]): Promise<void>;
}
