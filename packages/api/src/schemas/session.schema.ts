import { z } from 'zod';
import {
  isoDateTimeSchema,
  participantIdSchema,
  reasonSchema,
  sessionIdSchema,
  sessionStatusSchema,
  strictBooleanSchema,
  uuidSchema,
  VIDEO_BACKENDS,
  versionSchema,
} from './common.schema';
import { participantDtoSchema } from './participant.schema';

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
    messagingThreadId: z.string().nullable(),
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
  patientId: uuidSchema.optional(),
  from: isoDateTimeSchema.optional(),
  to: isoDateTimeSchema.optional(),
  cursor: z.string().min(1).max(512).optional(),
  limit: z.number().int().min(1).max(100).optional(),
});

export const listSessionsOutputSchema = z.object({
  items: z.array(virtualSessionDtoSchema),
  nextCursor: z.string().nullable(),
});

export const sessionRefInputSchema = z.strictObject({ id: sessionIdSchema });

export const sessionDetailOutputSchema = virtualSessionDtoSchema.extend({
  participants: z.array(participantDtoSchema),
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
