import { z } from 'zod';
import {
  deviceCheckSchema,
  joinTokenSchema,
  participantIdSchema,
  participantStatusSchema,
  sessionIdSchema,
  sessionStatusSchema,
} from '../../edge/common.schema';
import { meetingSchema } from '../sessions/session.schema';
import { placeInQueueSchema } from '../waiting-room/waiting-room.schema';

export const joinDestinationSchema = z.enum(['waiting_room', 'direct_join']);

export const joinTokenInputSchema = z.strictObject({ token: joinTokenSchema });

export const enterJoinInputSchema = joinTokenInputSchema.extend({
  /** What the participant's device check found, shown on the clinician's waiting card. */
  deviceCheck: deviceCheckSchema.optional(),
});

export const issueJoinTokenInputSchema = z.strictObject({
  sessionId: sessionIdSchema,
  participantId: participantIdSchema,
});

export const issueJoinTokenOutputSchema = z.object({
  token: z.string(),
  joinUrl: z.string(),
  expiresAt: z.string(),
  notBefore: z.string(),
});

export const validateJoinOutputSchema = z.object({
  destination: joinDestinationSchema,
  url: z.string(),
  sessionStatus: sessionStatusSchema,
});

export const enterJoinOutputSchema = z.object({
  destination: joinDestinationSchema,
  sessionStatus: sessionStatusSchema,
  participantStatus: participantStatusSchema,
  participantId: z.string(),
});

export const joinStatusOutputSchema = z.object({
  sessionStatus: sessionStatusSchema,
  participantStatus: participantStatusSchema,
  scheduledStart: z.string(),
  scheduledEnd: z.string(),
  tenantName: z.string().nullable(),
  branding: z.object({ logoUrl: z.string().nullable(), primaryColor: z.string().nullable() }),
  videoJoinUrl: z.string().nullable(),
  meeting: meetingSchema.nullable(),
  /** The clinician said they are running about this many minutes late (null: on time). */
  runningLateMinutes: z.number().int().nullable(),
  /** While waiting: how many patients are before this one with the same clinician, and whether they are in a visit. */
  queue: placeInQueueSchema.nullable(),
});

export const patientJoinTokenOutputSchema = z.object({
  token: z.string(),
  expiresAt: z.string(),
  notBefore: z.string(),
});

export const heartbeatOutputSchema = z.object({
  participantStatus: participantStatusSchema,
  sessionStatus: sessionStatusSchema,
});
