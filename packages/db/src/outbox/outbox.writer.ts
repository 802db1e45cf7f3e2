import type { AuditEvent, DomainEvent, OutboxPort } from '@virtual-care/domain';
import { run, statement, type Queryable } from '../sql/queryable';

/** The W3C trace context of a write (decision 0042): stored with its events, carried on by the relay. */
export interface OutboxTraceContext {
  readonly traceparent: string;
  readonly tracestate?: string;
}

/** The trace context active where a unit of work starts; null when tracing is off. */
export type TraceContextSource = () => OutboxTraceContext | null;

// One statement per append, whatever the number of events. payload is the whole event
// (id, type, tenantId, occurredAt as ISO, ...) so the relay can build the CloudEvent
// from the row alone; ORDER BY ordinality keeps the events' order in seq.
const APPEND = statement('outbox_append', insertEventsFromJson(1));

/**
 * INSERT of the events given as one JSON array in parameter `$param`, with the write's trace context in the
 * two parameters after it (see outboxParams).
 */
export function insertEventsFromJson(param: number): string {
  return `INSERT INTO virtual_care_outbox (tenant_id, event_type, aggregate_id, payload, traceparent, tracestate)
   SELECT (e->>'tenantId')::uuid, e->>'type', e->>'aggregateId', e, $${param + 1}::text, $${param + 2}::text
     FROM jsonb_array_elements($${param}::jsonb) WITH ORDINALITY AS t(e, n)
    ORDER BY n`;
}

/** The three parameters of insertEventsFromJson. */
export function outboxParams(
  events: readonly (DomainEvent | AuditEvent)[],
  trace: OutboxTraceContext | null,
): [string, string | null, string | null] {
  return [JSON.stringify(events), trace?.traceparent ?? null, trace?.tracestate ?? null];
}

/**
 * Writes domain and audit events in the caller's transaction. Rows carry the event's
 * own tenant, so RLS refuses an event of another tenant.
 */
export class PgOutboxWriter implements OutboxPort {
  constructor(
    private readonly db: Queryable,
    private readonly trace: OutboxTraceContext | null = null,
  ) {}

  async append(events: readonly (DomainEvent | AuditEvent)[]): Promise<void> {
    if (events.length === 0) return;
    await run(this.db, APPEND, outboxParams(events, this.trace));
  }
}
