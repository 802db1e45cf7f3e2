import { FALLBACK_MESSAGE_MAX_CHARS, PARTICIPANT_ROLES } from '@virtual-care/domain';
import { z } from 'zod';
import { sessionIdSchema, versionSchema } from '../../edge/common.schema';
import { bandwidthChangeDtoSchema, bandwidthProfileSchema } from '../sessions/session.schema';

export const fallbackMessageInputSchema = z.strictObject({ id: sessionIdSchema });

/** The session's messaging thread in communication-service (the same one on every call). */
export const fallbackMessageOutputSchema = z
  .object({ messagingThreadId: z.string() })
  .meta({ id: 'FallbackMessageDto' });

export const changeBandwidthProfileInputSchema = z.strictObject({
  id: sessionIdSchema,
  /** `audio_only`, or `video` again while the visit is active; the current one again changes nothing. */
  profile: bandwidthProfileSchema,
  expectedVersion: versionSchema.optional(),
});

/** The session's profile now, with every change of it. */
export const bandwidthProfileOutputSchema = z
  .object({
    sessionId: z.string(),
    bandwidthProfile: bandwidthProfileSchema,
    bandwidthChanges: z.array(bandwidthChangeDtoSchema),
    version: z.number().int(),
  })
  .meta({ id: 'BandwidthProfileDto' });

export type BandwidthProfileDto = z.infer<typeof bandwidthProfileOutputSchema>;

/** A message id the sender's device made (ULID or UUID), kept with the message while it waits to be sent. */
export const clientMessageIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be a ULID or UUID made by the sender');

export const fallbackMessagesInputSchema = z.strictObject({
  id: sessionIdSchema,
  /** Only the messages after this one (the last the client has). */
  after: clientMessageIdSchema.optional(),
});

export const sendFallbackMessageInputSchema = z.strictObject({
  id: sessionIdSchema,
  /** The client's id for the message: sending it again answers the stored message, never a second one. */
  messageId: clientMessageIdSchema,
  body: z.string().trim().min(1, 'is required').max(FALLBACK_MESSAGE_MAX_CHARS),
});

/** One message of the visit's thread: who sent it (their role in the session) and whether the reader did. */
export const fallbackMessageDtoSchema = z
  .object({
    id: z.string(),
    senderUserId: z.string(),
    /** The sender's role in the session; null for a colleague of the clinic who is not a participant. */
    senderRole: z.enum(PARTICIPANT_ROLES).nullable(),
    mine: z.boolean(),
    body: z.string(),
    sentAt: z.string(),
  })
  .meta({ id: 'FallbackMessageItemDto' });

export const fallbackMessagesOutputSchema = z
  .object({ messages: z.array(fallbackMessageDtoSchema) })
  .meta({ id: 'FallbackMessagesDto' });
