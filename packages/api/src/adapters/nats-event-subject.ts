import { subjectTokenSchema } from '../config/env-schema';

/**
 * The NATS subjects of our events (decision 0018): `<prefix>.<tenantId>.<event type after virtual_care.>`, e.g.
 * `virtual_care.7c9e6679-7425-40de-944b-e07fc1f90ae7.session.created.v1`. The tenant comes right after the prefix, so
 * `<prefix>.<tenantId>.>` is one tenant's events and `<prefix>.*.session.created.v1` one type across tenants. The
 * outbox relay publishes on these subjects; the live feeds subscribe to them.
 */

/** The first token of every subject (NATS_SUBJECT_PREFIX); the events stream captures `<prefix>.>`. */
export const DEFAULT_EVENT_SUBJECT_PREFIX = 'virtual_care';

const EVENT_TYPE_NAMESPACE = 'virtual_care.';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The tenant's token: a UUID (hex and hyphens, so never `.`, `*`, `>` or white space), lower-cased so one tenant
 * has one subject whichever way its id was spelled.
 */
export function tenantToken(tenantId: string): string {
  if (!UUID.test(tenantId)) throw new Error('event subject: the tenant id must be a UUID');
  return tenantId.toLowerCase();
}

function prefixToken(prefix: string): string {
  if (!subjectTokenSchema.safeParse(prefix).success)
    throw new Error('event subject: the prefix must be one token of a-z, 0-9 and _');
  return prefix;
}

/**
 * The subject of one of the tenant's events. `eventType` is a CloudEvent type of ours (`virtual_care.session.created.v1`,
 * `virtual_care.audit.consent_gate_blocked`); its `virtual_care.` namespace gives way to the prefix and the tenant.
 */
export function eventSubject(prefix: string, tenantId: string, eventType: string): string {
  const tail = eventType.startsWith(EVENT_TYPE_NAMESPACE)
    ? eventType.slice(EVENT_TYPE_NAMESPACE.length)
    : eventType;
  return `${prefixToken(prefix)}.${tenantToken(tenantId)}.${tail}`;
}

/** The event families the live feeds follow: the first token of the event type after `virtual_care.`. */
export type LiveEventFamily = 'session' | 'async_visit';

/**
 * Every tenant's events, `<prefix>.*.>`: the one subscription a web process holds for all its live feeds
 * (decision 0045), which it hands out by the tenant and family tokens (`subjectTokens`).
 */
export function everyTenantSubjects(prefix: string): string {
  return `${prefixToken(prefix)}.*.>`;
}

/** The tenant and family tokens of one of our subjects (`<prefix>.<tenantId>.<family>...`), as published. */
export function subjectTokens(subject: string): { tenant: string; family: string } | null {
  const [, tenant, family] = subject.split('.', 3);
  return tenant && family ? { tenant, family } : null;
}
