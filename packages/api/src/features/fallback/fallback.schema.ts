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
  /** A lower tier than the current one (`audio_only` from video); the current one again changes nothing. */
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
