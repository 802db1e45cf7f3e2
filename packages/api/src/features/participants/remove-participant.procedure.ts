import { removeAndReport } from './remove-participant';
import { removeParticipantInputSchema } from './participant.schema';
import { removeOutputSchema } from '../waiting-room/waiting-room.schema';
import { clinicianProcedure } from '../../edge/procedures';

export const removeParticipantProcedure = clinicianProcedure
  .meta({
    openapi: {
      method: 'POST',
      path: '/sessions/{sessionId}/remove/{participantId}',
      tags: ['participants'],
      protect: true,
      summary: 'Remove a participant (their token stops working)',
    },
  })
  .input(removeParticipantInputSchema)
  .output(removeOutputSchema)
  .mutation(({ ctx, input }) =>
    removeAndReport(ctx.services, {
      tenantId: ctx.tenantId,
      sessionId: input.sessionId,
      participantId: input.participantId,
      actorId: ctx.user.id,
      reason: input.reason,
      ...(input.expectedVersion !== undefined ? { expectedVersion: input.expectedVersion } : {}),
    }),
  );
