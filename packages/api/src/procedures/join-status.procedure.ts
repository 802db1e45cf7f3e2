import { joinStatus } from '../composition/join-status.flow';
import { joinStatusOutputSchema, joinTokenInputSchema } from '../schemas/join.schema';
import { joinTokenProcedure } from './virtual-care.procedure';

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
