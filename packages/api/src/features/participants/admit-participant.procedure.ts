import { admitParticipant } from '@virtual-care/domain';
import { participantDtos, sessionDto } from '../sessions/session.views';
import { participantRefInputSchema } from './participant.schema';
import { admitOutputSchema } from '../waiting-room/waiting-room.schema';
import { clinicianProcedure } from '../../edge/procedures';

export const admitParticipantProcedure = clinicianProcedure
  .meta({
    openapi: {
      method: 'POST',
      path: '/sessions/{sessionId}/admit/{participantId}',
      tags: ['participants'],
      protect: true,
      summary: 'Admit a participant from the waiting room (the first admit starts the session)',
    },
  })
  .input(participantRefInputSchema)
  .output(admitOutputSchema)
  .mutation(async ({ ctx, input }) => {
    const { tenantId, services } = ctx;
    const result = await admitParticipant(services.deps, {
      tenantId,
      sessionId: input.sessionId,
      participantId: input.participantId,
      actorId: ctx.user.id,
      ...(input.expectedVersion !== undefined ? { expectedVersion: input.expectedVersion } : {}),
    });
    const [participant] = await participantDtos(services, tenantId, [result.participant]);
    return {
      videoJoinUrl: result.videoJoinUrl,
      participant: participant!,
      session: await sessionDto(services, tenantId, result.snapshot.session),
    };
  });
