import { z } from 'zod';
import {
  deviceCheckSchema,
  joinTokenSchema,
  participantIdSchema,
  participantStatusSchema,
  sessionIdSchema,
  sessionStatusSchema,
} from '../../edge/common.schema';
import { bandwidthProfileSchema, meetingSchema } from '../sessions/session.schema';
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
  /** What the visit runs on now (US-008): the page follows the session to audio only or to messaging. */
  bandwidthProfile: bandwidthProfileSchema,
  /** Set once the visit continues in a messaging thread: since when, and why (the line the patient reads). */
  messaging: z
    .object({
      threadId: z.string(),
      openedAt: z.string(),
      /** `connection_lost`: the session failed after the grace window; `switched`: someone moved it on purpose. */
      reason: z.enum(['connection_lost', 'switched']),
    })
    .nullable() /**
   * How long the session waits for a lost participant before it fails and continues in messages: the page, cut
   * off, opens its messages by itself after this long (what it writes is sent once the link is back).
   */,
  graceReconnectSeconds: z.number().int(),
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
