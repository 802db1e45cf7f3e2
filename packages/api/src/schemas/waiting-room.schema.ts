import { z } from 'zod';
import { participantDtoSchema } from './participant.schema';
import { virtualSessionDtoSchema } from './session.schema';

export const admitOutputSchema = z.object({
  videoJoinUrl: z.string(),
  participant: participantDtoSchema,
  session: virtualSessionDtoSchema,
});

export const removeOutputSchema = z.object({
  participant: participantDtoSchema,
  session: virtualSessionDtoSchema,
});
