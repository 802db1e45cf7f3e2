import { validateJoinToken } from '@virtual-care/domain';
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
  .query(async ({ ctx, input }) => {
    const { destination, url, sessionStatus } = await validateJoinToken(ctx.services.deps, {
      token: input.token,
    });
    return { destination, url, sessionStatus };
  });
