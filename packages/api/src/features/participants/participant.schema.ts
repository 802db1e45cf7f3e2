import { PARTICIPANT_ROLES } from '@virtual-care/domain';
import { z } from 'zod';
import {
  deviceCheckSchema,
  participantIdSchema,
  participantStatusSchema,
  reasonSchema,
  sessionIdSchema,
  versionSchema,
} from '../../edge/common.schema';

export const participantDtoSchema = z
  .object({
    id: z.string(),
    sessionId: z.string(),
    userId: z.string(),
    role: z.enum(PARTICIPANT_ROLES),
    status: participantStatusSchema,
    displayName: z.string().nullable(),
    joinedAt: z.string().nullable(),
    leftAt: z.string().nullable(),
    removedAt: z.string().nullable(),
    removedReason: z.string().nullable(),
    lastSeenAt: z.string().nullable(),
    /** When they first entered the waiting room (null until they did). */
    waitingSince: z.string().nullable(),
    /** What their device check found when they entered (null: no check reported). */
    deviceCheck: deviceCheckSchema.nullable(),
  })
  .meta({ id: 'ParticipantDto' });

export type ParticipantDto = z.infer<typeof participantDtoSchema>;

export const participantsOfSessionInputSchema = z.strictObject({ sessionId: sessionIdSchema });

export const participantRefInputSchema = z.strictObject({
  sessionId: sessionIdSchema,
  participantId: participantIdSchema,
  expectedVersion: versionSchema.optional(),
});

export const removeParticipantInputSchema = participantRefInputSchema.extend({
  reason: reasonSchema,
});

export const participantListOutputSchema = z.object({ items: z.array(participantDtoSchema) });
