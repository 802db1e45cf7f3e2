import {
  ASYNC_VISIT_STATUSES,
  ATTACHMENT_REF_PATTERN,
  INTAKE_QUESTION_ID_PATTERN,
  MAX_INTAKE_ANSWER_LENGTH,
  MAX_INTAKE_ANSWERS,
  MAX_INTAKE_QUESTION_LENGTH,
  MAX_RESPONSE_LENGTH,
} from '@virtual-care/domain';
import { z } from 'zod';
import { queryIntegerSchema, uuidSchema } from '../../edge/common.schema';
import { encounterRejectionDtoSchema } from '../sessions/session.schema';

/** An id the patient's device made (UUID or ULID), kept with the draft from its creation. */
const deviceIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be a UUID or ULID made by the device');

export const asyncVisitIdSchema = z
  .string()
  .regex(/^avs_[0-9A-HJKMNP-TV-Z]{26}$/, 'must be an async visit id (avs_ + ULID)');

export const asyncVisitStatusSchema = z.enum(ASYNC_VISIT_STATUSES);

/** A photo uploaded before the visit is submitted, as the visit declares it (checked against the store). */
export const attachmentDeclarationSchema = z
  .strictObject({
    ref: z.string().regex(ATTACHMENT_REF_PATTERN, 'must be an attachment ref (att_ + ULID)'),
    sha256: z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be the hex SHA-256 of the upload'),
    contentType: z.string().regex(/^image\/[\w.+-]+$/i, 'must be an image type'),
  })
  .meta({ id: 'AsyncVisitAttachment' });

/** One intake question as the patient read it, and their answer; a blank answer is not kept. */
export const intakeAnswerInputSchema = z
  .strictObject({
    questionId: z.string().regex(INTAKE_QUESTION_ID_PATTERN, 'must be a short lowercase key'),
    question: z.string().trim().min(1, 'is required').max(MAX_INTAKE_QUESTION_LENGTH),
    answer: z.string().trim().max(MAX_INTAKE_ANSWER_LENGTH),
  })
  .meta({ id: 'AsyncVisitIntakeAnswer' });

export const submitAsyncVisitInputSchema = z.strictObject({
  /** Set when the draft was created; the same id again answers the original visit (200), never a second one. */
  clientMutationId: deviceIdSchema,
  chiefComplaint: z.string().trim().min(1, 'is required').max(4000),
  /** More than MAX_ATTACHMENTS is refused by the visit itself (422 ATTACHMENT_LIMIT_EXCEEDED); the body limit caps the array. */
  attachments: z.array(attachmentDeclarationSchema).default([]),
  /** The answers to the intake questions, in the order asked (the default set's ids: DEFAULT_INTAKE_QUESTION_IDS). */
  answers: z.array(intakeAnswerInputSchema).max(MAX_INTAKE_ANSWERS).default([]),
  appointmentId: uuidSchema.optional(),
});

export const asyncVisitRefInputSchema = z.strictObject({ id: asyncVisitIdSchema });

export const respondAsyncVisitInputSchema = z.strictObject({
  id: asyncVisitIdSchema,
  /** What the patient reads. */
  response: z.string().trim().min(1, 'is required').max(MAX_RESPONSE_LENGTH),
});

export const listAsyncVisitsInputSchema = z.strictObject({
  status: z.array(asyncVisitStatusSchema).max(ASYNC_VISIT_STATUSES.length).optional(),
  cursor: z.string().min(1).max(512).optional(),
  limit: queryIntegerSchema(1, 100).optional(),
});

/** A store-and-forward visit (the spec's AsyncVisit, with the clinician's response). */
export const asyncVisitDtoSchema = z
  .object({
    id: z.string(),
    patientId: z.string(),
    /** The patient's name in the tenant's registry (what the clinician's queue shows); null if not found. */
    patientDisplayName: z.string().nullable(),
    appointmentId: z.string().nullable(),
    providerId: z.string().nullable(),
    chiefComplaint: z.string(),
    attachmentRefs: z.array(z.string()),
    /** The intake questions the patient answered, as they read them, in the order asked. */
    answers: z.array(
      z
        .object({ questionId: z.string(), question: z.string(), answer: z.string() })
        .meta({ id: 'AsyncVisitAnswerDto' }),
    ),
    status: asyncVisitStatusSchema,
    clientMutationId: z.string(),
    submittedAt: z.string().nullable(),
    respondedAt: z.string().nullable(),
    /** The FHIR Encounter the response created in the chart. */
    encounterId: z.string().nullable(),
    /** Answered, and the chart service was unavailable: the worker creates the Encounter when it is back. */
    encounterPending: z.boolean(),
    /** Set when the FHIR server refused the Encounter for good: it is not sent again automatically. */
    encounterRejection: encounterRejectionDtoSchema.nullable(),
    response: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'AsyncVisitDto' });

export type AsyncVisitDto = z.infer<typeof asyncVisitDtoSchema>;

export const listAsyncVisitsOutputSchema = z
  .object({ items: z.array(asyncVisitDtoSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'AsyncVisitListDto' });
