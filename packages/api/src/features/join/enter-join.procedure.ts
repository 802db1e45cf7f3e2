import { joinSession } from '@virtual-care/domain';
import { enterJoinInputSchema, enterJoinOutputSchema } from './join.schema';
import { joinTokenProcedure } from '../../edge/procedures';

export const enterJoinProcedure = joinTokenProcedure
  .meta({
    openapi: {
      method: 'POST',
      path: '/sessions/join',
      tags: ['join'],
      protect: false,
      summary: 'Enter: patients to the waiting room, providers into the room',
    },
  })
  .input(enterJoinInputSchema)
  .output(enterJoinOutputSchema)
  .mutation(async ({ ctx, input }) => {
    const joined = await joinSession(ctx.services.deps, {
      token: input.token,
      ...(input.deviceCheck ? { deviceCheck: input.deviceCheck } : {}),
    });
    return {
      destination: joined.destination,
      sessionStatus: joined.sessionStatus,
      participantStatus: joined.participantStatus,
      participantId: joined.participantId,
    };
  });
