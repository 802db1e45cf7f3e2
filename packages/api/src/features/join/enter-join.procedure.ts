import { enterJoin } from './enter';
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
  .mutation(({ ctx, input }) => enterJoin(ctx.services, input));
