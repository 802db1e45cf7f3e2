import { validateJoinLink } from '../composition/join-validation.flow';
import { joinTokenInputSchema, validateJoinOutputSchema } from '../schemas/join.schema';
import { joinTokenProcedure } from './virtual-care.procedure';

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
