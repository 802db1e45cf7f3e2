import { validateJoinLink } from './validate-join';
import { joinTokenInputSchema, validateJoinOutputSchema } from './join.schema';
import { joinTokenProcedure } from '../../edge/procedures';

export const validateJoinProcedure = joinTokenProcedure
  .meta({
    openapi: {
      method: 'GET',
      path: '/sessions/join',
      tags: ['join'],
      protect: false,
      summary:
        'Check a join token and say where its holder goes (no sign-in; the token is the credential)',
    },
  })
  .input(joinTokenInputSchema)
  .output(validateJoinOutputSchema)
  .query(({ ctx, input }) => validateJoinLink(ctx.services, input.token));
