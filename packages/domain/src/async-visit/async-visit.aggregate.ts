import { DomainError } from '../errors/domain.errors';
import { createDomainEvent, type DomainEvent } from '../events/domain.events';
import { ASYNC_VISIT_TRANSITIONS } from '../machines/async-visit.machine';
import { assertTransition } from '../machines/transition.machine';
import type { Clock } from '../ports/clock.port';
import type { IdGenerator } from '../ports/id-generator.port';
import type { AsyncVisitRecord, AsyncVisitStatus } from '../records/async-visit.record';
import type { EncounterRejection } from '../records/virtual-session.record';
import { intakeAnswers, type IntakeAnswer } from './intake-answers.value';

export const MAX_ATTACHMENTS = 10;

export interface AsyncVisitContent {
  chiefComplaint: string;
  attachmentRefs: string[];
  answers: readonly IntakeAnswer[];
}

export interface NewAsyncVisitInput extends AsyncVisitContent {
  tenantId: string;
  patientId: string;
  appointmentId: string | null;
  providerId: string | null;
  clientMutationId: string;
}

function assertContent(content: AsyncVisitContent): void {
  if (content.chiefComplaint.trim() === '') {
    throw new DomainError('VALIDATION_FAILED', 'A chief complaint is required', {
      field: 'chiefComplaint',
    });
  }
  if (content.attachmentRefs.length > MAX_ATTACHMENTS) {
    throw new DomainError(
      'ATTACHMENT_LIMIT_EXCEEDED',
      `A visit takes at most ${MAX_ATTACHMENTS} photos`,
      { field: 'attachments', max: MAX_ATTACHMENTS, count: content.attachmentRefs.length },
    );
  }
}

function move(visit: AsyncVisitRecord, to: AsyncVisitStatus, now: Date): AsyncVisitRecord {
  assertTransition(ASYNC_VISIT_TRANSITIONS, visit.status, to, 'async visit');
  return { ...visit, status: to, updatedAt: now };
}

/** A draft authored (possibly offline) by the patient; `clientMutationId` is fixed here and makes replays idempotent. */
export function draftAsyncVisit(
  id: string,
  input: NewAsyncVisitInput,
  now: Date,
): AsyncVisitRecord {
  assertContent(input);
  if (input.clientMutationId.trim() === '') {
    throw new DomainError('VALIDATION_FAILED', 'clientMutationId is required', {
      field: 'clientMutationId',
    });
  }
  return {
    id,
    tenantId: input.tenantId,
    patientId: input.patientId,
    appointmentId: input.appointmentId,
    providerId: input.providerId,
    chiefComplaint: input.chiefComplaint,
    attachmentRefs: [...input.attachmentRefs],
    answers: intakeAnswers(input.answers),
    status: 'draft',
    clientMutationId: input.clientMutationId,
    submittedAt: null,
    respondedAt: null,
    encounterId: null,
    encounterRejection: null,
    responseText: null,
    createdAt: now,
    updatedAt: now,
  };
}

/** Content may change only while a draft; after submission an amendment is a new visit. */
export function reviseAsyncVisit(
  visit: AsyncVisitRecord,
  content: AsyncVisitContent,
  now: Date,
): AsyncVisitRecord {
  if (visit.status !== 'draft') {
    throw new DomainError(
      'INVALID_STATUS_TRANSITION',
      'Submitted content is immutable; submit an amendment as a new visit',
      {
        currentStatus: visit.status,
      },
    );
  }
  assertContent(content);
  return {
    ...visit,
    chiefComplaint: content.chiefComplaint,
    attachmentRefs: [...content.attachmentRefs],
    answers: intakeAnswers(content.answers),
    updatedAt: now,
  };
}

export function submitAsyncVisitDraft(
  visit: AsyncVisitRecord,
  ctx: { clock: Clock; ids: IdGenerator },
): { visit: AsyncVisitRecord; events: DomainEvent[] } {
  const now = ctx.clock.now();
  const submitted = { ...move(visit, 'submitted', now), submittedAt: now };
  const event = createDomainEvent(
    ctx,
    'virtual_care.async_visit.submitted.v1',
    visit.tenantId,
    visit.id,
    {
      asyncVisitId: visit.id,
      patientId: visit.patientId,
      providerId: visit.providerId,
      clientMutationId: visit.clientMutationId,
      attachmentCount: visit.attachmentRefs.length,
      submittedAt: now.toISOString(),
    },
  );
  return { visit: submitted, events: [event] };
}

export function startAsyncReview(
  visit: AsyncVisitRecord,
  providerId: string,
  now: Date,
): AsyncVisitRecord {
  return { ...move(visit, 'under_review', now), providerId };
}

export const MAX_RESPONSE_LENGTH = 10_000;

/**
 * The provider's response to the patient, kept whatever the chart service does: the responder becomes the visit's
 * provider, and the Encounter is recorded afterwards (recordAsyncVisitEncounter), by this request or a retry.
 */
export function respondToAsyncVisit(
  visit: AsyncVisitRecord,
  response: { text: string; providerId: string },
  now: Date,
): AsyncVisitRecord {
  const responseText = response.text.trim();
  if (responseText === '' || responseText.length > MAX_RESPONSE_LENGTH) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `A response of 1 to ${MAX_RESPONSE_LENGTH} characters is required`,
      { field: 'response' },
    );
  }
  return {
    ...move(visit, 'responded', now),
    providerId: response.providerId,
    respondedAt: now,
    responseText,
  };
}

/** Answered, and its Encounter neither created nor refused for good: the retry job's work (closing changes nothing). */
export function awaitsAsyncVisitEncounter(
  visit: AsyncVisitRecord,
): visit is AsyncVisitRecord & { respondedAt: Date } {
  return (
    visit.respondedAt !== null && visit.encounterId === null && visit.encounterRejection === null
  );
}

/** The chart service created the response's Encounter (conditional create: a retry gives the same id). */
export function recordAsyncVisitEncounter(
  visit: AsyncVisitRecord,
  encounterId: string,
  now: Date,
): AsyncVisitRecord {
  return { ...visit, encounterId, updatedAt: now };
}

/** The FHIR server refused the Encounter for good: kept for the clinician to see, and never retried on its own. */
export function recordAsyncVisitEncounterRejection(
  visit: AsyncVisitRecord,
  rejection: EncounterRejection,
): AsyncVisitRecord {
  return { ...visit, encounterRejection: rejection, updatedAt: rejection.at };
}

export function closeAsyncVisit(visit: AsyncVisitRecord, now: Date): AsyncVisitRecord {
  return move(visit, 'closed', now);
}
