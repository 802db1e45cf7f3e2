import { z } from 'zod';
import {
  joinTokenSchema,
  participantIdSchema,
  participantStatusSchema,
  sessionIdSchema,
  sessionStatusSchema,
} from './common.schema';
import { meetingSchema } from './session.schema';

export const joinDestinationSchema = z.enum(['waiting_room', 'direct_join']);

export const joinTokenInputSchema = z.strictObject({ token: joinTokenSchema });

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
});

export const heartbeatOutputSchema = z.object({
  participantStatus: participantStatusSchema,
  sessionStatus: sessionStatusSchema,
});
