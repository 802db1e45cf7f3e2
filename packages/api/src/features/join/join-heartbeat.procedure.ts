import { joinHeartbeat } from './enter';
import { heartbeatOutputSchema, joinTokenInputSchema } from './join.schema';
import { joinTokenProcedure } from '../../edge/procedures';

export const joinHeartbeatProcedure = joinTokenProcedure
  .meta({
    openapi: {
      method: 'POST',
      path: '/sessions/join/heartbeat',
      tags: ['join'],
      protect: false,
      summary: 'Presence signal from the waiting room or the video page',
    },
  })
  .input(joinTokenInputSchema)
  .output(heartbeatOutputSchema)
  .mutation(({ ctx, input }) => joinHeartbeat(ctx.services, input.token));
