import { getParticipantList } from '@virtual-care/domain';
import { participantDtos } from '../sessions/session.views';
import {
  participantListOutputSchema,
  participantsOfSessionInputSchema,
} from './participant.schema';
import { clinicianProcedure } from '../../edge/procedures';

export const listParticipantsProcedure = clinicianProcedure
  .meta({
    openapi: {
      method: 'GET',
      path: '/sessions/{sessionId}/participants',
      tags: ['participants'],
      protect: true,
      summary: 'Participants with their status (the waiting room)',
    },
  })
  .input(participantsOfSessionInputSchema)
  .output(participantListOutputSchema)
  .query(async ({ ctx, input }) => {
    const participants = await getParticipantList(ctx.services.deps, {
      tenantId: ctx.tenantId,
      sessionId: input.sessionId,
    });
    return { items: await participantDtos(ctx.services, ctx.tenantId, participants) };
  });
