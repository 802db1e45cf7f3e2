import { PARTICIPANT_ROLES } from '@virtual-care/domain';
import { z } from 'zod';
import { deviceCheckSchema } from '../../edge/common.schema';
import { participantDtoSchema } from '../participants/participant.schema';
import { virtualSessionDtoSchema } from '../sessions/session.schema';

export const admitOutputSchema = z.object({
  videoJoinUrl: z.string(),
  participant: participantDtoSchema,
  session: virtualSessionDtoSchema,
});

export const removeOutputSchema = z.object({
  participant: participantDtoSchema,
  session: virtualSessionDtoSchema,
});

export const placeInQueueSchema = z.object({ ahead: z.number().int(), clinicianBusy: z.boolean() });

/** One person in the waiting room, as the clinician's waiting card shows them. */
export const waitingCardSchema = z
  .object({
    sessionId: z.string(),
    /** For admitting with `expectedVersion`. */
    sessionVersion: z.number().int(),
    participantId: z.string(),
    role: z.enum(PARTICIPANT_ROLES),
    displayName: z.string().nullable(),
    clinicianId: z.string(),
    /** The visit is the caller's own (they are its clinician). */
    mine: z.boolean(),
    scheduledStart: z.string(),
    /** When they entered the waiting room: the time waited. */
    waitingSince: z.string().nullable(),
    deviceCheck: deviceCheckSchema.nullable(),
    runningLateMinutes: z.number().int().nullable(),
    /** A patient's place with their clinician (what their waiting room shows them). */
    place: placeInQueueSchema.nullable(),
  })
  .meta({ id: 'WaitingCard' });

export const waitingRoomOutputSchema = z.object({ items: z.array(waitingCardSchema) });
