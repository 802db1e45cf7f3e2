import type { AuditEvent, DomainEvent, OutboxPort } from '@virtual-care/domain';
import { run, statement, type Queryable } from '../sql/queryable';

// One statement per append, whatever the number of events. payload is the whole event
// (id, type, tenantId, occurredAt as ISO, ...) so the relay can build the CloudEvent
// from the row alone; ORDER BY ordinality keeps the events' order in seq.
const APPEND = statement('outbox_append', insertEventsFromJson(1));

/** INSERT of the events given as one JSON array in parameter `$param` (see eventsJson). */
export function insertEventsFromJson(param: number): string {
  return `INSERT INTO virtual_care_outbox (tenant_id, event_type, aggregate_id, payload)
   SELECT (e->>'tenantId')::uuid, e->>'type', e->>'aggregateId', e
     FROM jsonb_array_elements($${param}::jsonb) WITH ORDINALITY AS t(e, n)
    ORDER BY n`;
}

/** The parameter of insertEventsFromJson. */
export function eventsJson(events: readonly (DomainEvent | AuditEvent)[]): string {
  return JSON.stringify(events);
}

/**
 * Writes domain and audit events in the caller's transaction. Rows carry the event's
 * own tenant, so RLS refuses an event of another tenant.
 */
export class PgOutboxWriter implements OutboxPort {
  constructor(private readonly db: Queryable) {}

  async append(events: readonly (DomainEvent | AuditEvent)[]): Promise<void> {
    if (events.length === 0) return;
    await run(this.db, APPEND, [eventsJson(events)]);
  }
}
