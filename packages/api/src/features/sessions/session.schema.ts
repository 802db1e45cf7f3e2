import { BANDWIDTH_PROFILES, VIDEO_BACKENDS } from '@virtual-care/domain';
import { MAX_RUNNING_LATE_MINUTES } from '@virtual-care/domain';
import { z } from 'zod';
import {
  isoDateTimeSchema,
  participantIdSchema,
  queryIntegerSchema,
  reasonSchema,
  sessionIdSchema,
  sessionStatusSchema,
  strictBooleanSchema,
  uuidSchema,
  versionSchema,
} from '../../edge/common.schema';
import { participantDtoSchema } from '../participants/participant.schema';

/** What a visit runs on (US-008): video, audio only (and back, while active), or async messaging (final). */
export const bandwidthProfileSchema = z.enum(BANDWIDTH_PROFILES).meta({ id: 'BandwidthProfile' });

/** One change of the session's bandwidth profile: from what, to what, when and by whom. */
export const bandwidthChangeDtoSchema = z
  .object({
    from: bandwidthProfileSchema,
    to: bandwidthProfileSchema,
    changedAt: z.string(),
    /** A user id, or `system`. */
    actorId: z.string(),
  })
  .meta({ id: 'BandwidthChangeDto' });

export type BandwidthChangeDto = z.infer<typeof bandwidthChangeDtoSchema>;

export const virtualSessionDtoSchema = z
  .object({
    id: z.string(),
    tenantId: z.string(),
    patientId: z.string(),
    patientDisplayName: z.string().nullable(),
    appointmentId: z.string().nullable(),
    encounterId: z.string().nullable(),
    initiatorId: z.string(),
    videoBackend: z.enum(VIDEO_BACKENDS),
    roomName: z.string(),
    roomUrl: z.string(),
    status: sessionStatusSchema,
    scheduledStart: z.string(),
    scheduledEnd: z.string(),
    actualStart: z.string().nullable(),
    actualEnd: z.string().nullable(),
    durationSeconds: z.number().int().nullable(),
    recordingEnabled: z.boolean(),
    recordingRef: z.string().nullable(),
    failureReason: z.string().nullable(),
    /** Why it was cancelled; `no_show` when the patient never came. */
    cancellationReason: z.string().nullable(),
    /** The clinician told the waiting patient they are running about this many minutes late. */
    runningLateMinutes: z.number().int().nullable(),
    messagingThreadId: z.string().nullable(),
    bandwidthProfile: bandwidthProfileSchema,
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'VirtualSessionDto' });

export type VirtualSessionDto = z.infer<typeof virtualSessionDtoSchema>;

export const createSessionInputSchema = z.strictObject({
  patientId: uuidSchema,
  scheduledStart: isoDateTimeSchema,
  /** Default: 30 minutes after the start. */
  scheduledEnd: isoDateTimeSchema.optional(),
  recordingEnabled: strictBooleanSchema.optional(),
  appointmentId: uuidSchema.optional(),
});

export const createSessionOutputSchema = virtualSessionDtoSchema.extend({
  patientJoinUrl: z.string(),
});

export const listSessionsInputSchema = z.strictObject({
  status: z.array(sessionStatusSchema).max(6).optional(),
  /** Ignored for a patient, who always gets their own sessions. */
  patientId: uuidSchema.optional(),
  from: isoDateTimeSchema.optional(),
  to: isoDateTimeSchema.optional(),
  /** By scheduled start: `asc` (default) or `desc` (newest first). */
  order: z.enum(['asc', 'desc']).optional(),
  cursor: z.string().min(1).max(512).optional(),
  limit: queryIntegerSchema(1, 100).optional(),
});

export const listSessionsOutputSchema = z.object({
  items: z.array(virtualSessionDtoSchema),
  nextCursor: z.string().nullable(),
});

export const sessionRefInputSchema = z.strictObject({ id: sessionIdSchema });

/** The FHIR server refused the session's Encounter for good: when, its HTTP status, and what it said. */
export const encounterRejectionDtoSchema = z
  .object({
    at: z.string(),
    httpStatus: z.number().int(),
    /** The OperationOutcome's issues; `text` is its details text or diagnostics. */
    issues: z.array(
      z.object({ severity: z.string(), code: z.string(), text: z.string().nullable() }),
    ),
  })
  .meta({ id: 'EncounterRejectionDto' });

export type EncounterRejectionDto = z.infer<typeof encounterRejectionDtoSchema>;

export const sessionDetailOutputSchema = virtualSessionDtoSchema.extend({
  participants: z.array(participantDtoSchema),
  /** When the visit is recorded as a no-show if the patient has not come by then (null: not any more). */
  noShowAt: z.string().nullable(),
  /** Set when the Encounter was refused for good: it is not sent again automatically, and nothing is billed. */
  encounterRejection: encounterRejectionDtoSchema.nullable(),
  /** Every change of `bandwidthProfile`, oldest first. */
  bandwidthChanges: z.array(bandwidthChangeDtoSchema),
});

export const runningLateInputSchema = z.strictObject({
  id: sessionIdSchema,
  /** About how many minutes late (1-240); null: on time again. */
  minutes: z.number().int().min(1).max(MAX_RUNNING_LATE_MINUTES).nullable(),
  expectedVersion: versionSchema.optional(),
});

export const noShowInputSchema = z.strictObject({
  id: sessionIdSchema,
  expectedVersion: versionSchema.optional(),
});

export const endSessionInputSchema = z.strictObject({
  id: sessionIdSchema,
  expectedVersion: versionSchema.optional(),
});

export const cancelSessionInputSchema = z.strictObject({
  id: sessionIdSchema,
  reason: reasonSchema,
  expectedVersion: versionSchema.optional(),
});

export const meetingSchema = z.object({
  domain: z.string(),
  scriptUrl: z.string(),
  options: z.record(z.string(), z.unknown()),
});

export const providerJoinOutputSchema = z.object({
  videoJoinUrl: z.string(),
  participantId: participantIdSchema,
  meeting: meetingSchema,
});
