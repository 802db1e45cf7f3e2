import { removeAndReport } from '../composition/remove-participant.flow';
import { removeParticipantInputSchema } from '../schemas/participant.schema';
import { removeOutputSchema } from '../schemas/waiting-room.schema';
import { clinicianProcedure } from './virtual-care.procedure';

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
