import { joinStatus } from './join-status';
import { joinStatusOutputSchema, joinTokenInputSchema } from './join.schema';
import { joinTokenProcedure } from '../../edge/procedures';

export const joinStatusProcedure = joinTokenProcedure
  .meta({
    openapi: {
      method: 'GET',
      path: '/sessions/join/status',
      tags: ['join'],
      protect: false,
      summary: 'Waiting-room status; the video once admitted',
    },
  })
  .input(joinTokenInputSchema)
  .output(joinStatusOutputSchema)
  .query(({ ctx, input }) => joinStatus(ctx.services, input.token));
