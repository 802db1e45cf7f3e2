import type { ParticipantRole, ParticipantStatus } from '../records/session-participant.record';
import type { SessionStatus, VideoBackend } from '../records/virtual-session.record';
import type { Clock } from '../ports/clock.port';
import type { IdGenerator } from '../ports/id-generator.port';
import type { BandwidthProfile } from '../values/bandwidth-profile.value';
import type { ModalityDuration } from '../values/modality-durations.value';

/**
 * The thirteen event names of the domain model seed, exactly, then one of ours the spec is silent on: a fallback
 * asked for while communication-service was down, which the worker retries until the thread opens (decision 0020).
 */
export const DOMAIN_EVENT_TYPES = [
  'virtual_care.session.created.v1',
  'virtual_care.session.started.v1',
  'virtual_care.session.participant.joined.v1',
  'virtual_care.session.participant.admitted.v1',
  'virtual_care.session.participant.removed.v1',
  'virtual_care.session.ended.v1',
  'virtual_care.session.cancelled.v1',
  'virtual_care.session.failed.v1',
  'virtual_care.session.fallback.initiated.v1',
  'virtual_care.config.updated.v1',
  'virtual_care.recording.ingested.v1',
  'virtual_care.billing.session_chargeable.v1',
  'virtual_care.async_visit.submitted.v1',
  'virtual_care.session.fallback.requested.v1',
] as const;

export type DomainEventType = (typeof DOMAIN_EVENT_TYPES)[number];

/** Payloads are JSON-ready (instants as ISO-8601 strings) and carry identifiers only, never clinical text. */
export interface DomainEventPayloads {
  'virtual_care.session.created.v1': {
    sessionId: string;
    patientId: string;
    initiatorId: string;
    appointmentId: string | null;
    videoBackend: VideoBackend;
    roomName: string;
    scheduledStart: string;
    scheduledEnd: string;
    recordingEnabled: boolean;
  };
  'virtual_care.session.started.v1': { sessionId: string; startedAt: string; admittedBy: string };
  'virtual_care.session.participant.joined.v1': {
    sessionId: string;
    participantId: string;
    userId: string;
    role: ParticipantRole;
    participantStatus: ParticipantStatus;
  };
  'virtual_care.session.participant.admitted.v1': {
    sessionId: string;
    participantId: string;
    role: ParticipantRole;
    actorId: string;
    admittedAt: string;
  };
  'virtual_care.session.participant.removed.v1': {
    sessionId: string;
    participantId: string;
    role: ParticipantRole;
    actorId: string;
    reason: string;
    removedAt: string;
  };
  'virtual_care.session.ended.v1': {
    sessionId: string;
    patientId: string;
    endedBy: string;
    endedAt: string;
    durationSeconds: number;
    recordingRef: string | null;
  };
  'virtual_care.session.cancelled.v1': {
    sessionId: string;
    cancelledBy: string;
    reason: string;
    previousStatus: SessionStatus;
  };
  'virtual_care.session.failed.v1': { sessionId: string; reason: string; failedAt: string };
  'virtual_care.session.fallback.initiated.v1': {
    sessionId: string;
    messagingThreadId: string;
    initiatedBy: string;
    sessionStatus: SessionStatus;
    profile: 'async_text';
  };
  /** The session is left as it was; the thread opens, with fallback.initiated.v1, when the worker's retry succeeds. */
  'virtual_care.session.fallback.requested.v1': {
    sessionId: string;
    actorId: string;
    requestedAt: string;
  };
  /** Only field names: never values, so credentials cannot leak through the event stream. */
  'virtual_care.config.updated.v1': { changedFields: string[] };
  'virtual_care.recording.ingested.v1': { sessionId: string; recordingRef: string };
  'virtual_care.billing.session_chargeable.v1': {
    sessionId: string;
    durationSeconds: number;
    patientId: string;
    encounterId: string;
    /** Seconds per modality actually used, in tier order (US-008): billing picks CPT modifier 95 or 93. */
    modalities: ModalityDuration[];
    lowestProfile: BandwidthProfile;
  };
  'virtual_care.async_visit.submitted.v1': {
    asyncVisitId: string;
    patientId: string;
    providerId: string | null;
    clientMutationId: string;
    attachmentCount: number;
    submittedAt: string;
  };
}

export interface DomainEvent<T extends DomainEventType = DomainEventType> {
  id: string;
  type: T;
  tenantId: string;
  aggregateId: string;
  occurredAt: Date;
  payload: DomainEventPayloads[T];
}

/** Stamps id and time so aggregates never hand-build envelopes. */
export function createDomainEvent<T extends DomainEventType>(
  ctx: { clock: Clock; ids: IdGenerator },
  type: T,
  tenantId: string,
  aggregateId: string,
  payload: DomainEventPayloads[T],
): DomainEvent<T> {
  return {
    id: ctx.ids.next('evt'),
    type,
    tenantId,
    aggregateId,
    occurredAt: ctx.clock.now(),
    payload,
  };
}

export function isDomainEvent(event: { type: string }): event is DomainEvent {
  return (DOMAIN_EVENT_TYPES as readonly string[]).includes(event.type);
}
