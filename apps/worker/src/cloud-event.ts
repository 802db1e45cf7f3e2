import { DEFAULT_EVENT_SUBJECT_PREFIX, eventSubject } from '@virtual-care/api';
import { isDomainEvent } from '@virtual-care/domain';
import type { ClaimedOutboxRow } from '@virtual-care/db';

/** CloudEvents 1.0, structured JSON mode (docs/events.md). */
export interface CloudEvent {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  time: string;
  subject?: string;
  datacontenttype: 'application/json';
  data: unknown;
  /** Extension: the tenant, so consumers can route without parsing `source`. */
  tenantid: string;
  /** Extension: the outbox sequence (decimal string); increases per session in publish order. */
  sequence: string;
  /**
   * Distributed Tracing extension: the trace of the request that wrote the event, when traced (decision 0042).
   * The NATS headers carry the relay's own span of the same trace.
   */
  traceparent?: string;
  tracestate?: string;
}

export interface OutboundMessage {
  subject: string;
  event: CloudEvent;
}

/**
 * Maps an outbox row (the stored event JSON) to its NATS subject and CloudEvent. The subject is the tenant's
 * subject of the CloudEvent type (decision 0018): `<prefix>.<tenantId>.session.created.v1` for a domain event,
 * `<prefix>.<tenantId>.audit.<type lower-case>` for an audit event. Tests and benchmarks use their own prefix
 * and stream.
 */
export function toOutboundMessage(
  row: ClaimedOutboxRow,
  subjectPrefix = DEFAULT_EVENT_SUBJECT_PREFIX,
): OutboundMessage {
  const stored = row.payload;
  const id = typeof stored.id === 'string' ? stored.id : row.id;
  const time =
    typeof stored.occurredAt === 'string' ? stored.occurredAt : row.createdAt.toISOString();
  const base = {
    specversion: '1.0' as const,
    id,
    source: `/virtual-care/tenants/${row.tenantId}`,
    time,
    datacontenttype: 'application/json' as const,
    tenantid: row.tenantId,
    sequence: row.seq,
    ...row.traceContext,
  };
  if (isDomainEvent({ type: row.eventType })) {
    const type = row.eventType;
    const event: CloudEvent = { ...base, type, data: stored.payload ?? null };
    if (row.aggregateId) event.subject = row.aggregateId;
    return { subject: eventSubject(subjectPrefix, row.tenantId, type), event };
  }
  // Audit events (AuditEvent: actorId, subjectId, details) and anything unknown: the audit subject.
  const token = row.eventType.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const event: CloudEvent = {
    ...base,
    type: `virtual_care.audit.${token}`,
    data: {
      actorId: stored.actorId ?? null,
      subjectId: stored.subjectId ?? null,
      details: stored.details ?? {},
    },
  };
  const auditSubject = typeof stored.subjectId === 'string' ? stored.subjectId : row.aggregateId;
  if (auditSubject) event.subject = auditSubject;
  return { subject: eventSubject(subjectPrefix, row.tenantId, event.type), event };
}
