import type { Clock } from '../ports/clock.port';
import type { IdGenerator } from '../ports/id-generator.port';

export const AUDIT_EVENT_TYPES = [
  'CONSENT_GATE_BLOCKED',
  'CONSENT_CAPTURED',
  'PARTICIPANT_ADMITTED',
  'PARTICIPANT_REMOVED',
  'SESSION_CREATED',
  'SESSION_ENDED',
  'SESSION_CANCELLED',
  'CONFIG_UPDATED',
  'AI_SUMMARY_ACCEPTED',
  'AI_SUMMARY_DECLINED',
] as const;

export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

/** Audit trail entry. Never PHI: identifiers and codes only, no names, complaints, transcripts or tokens. */
export interface AuditEvent {
  id: string;
  type: AuditEventType;
  tenantId: string;
  actorId: string | null;
  subjectId: string | null;
  occurredAt: Date;
  details: Record<string, string | number | boolean | null>;
}

export function createAuditEvent(
  ctx: { clock: Clock; ids: IdGenerator },
  input: Omit<AuditEvent, 'id' | 'occurredAt'>,
): AuditEvent {
  return { id: ctx.ids.next('evt'), occurredAt: ctx.clock.now(), ...input };
}
