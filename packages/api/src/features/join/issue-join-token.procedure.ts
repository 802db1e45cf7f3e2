import { getJoinToken } from '@virtual-care/domain';
import { issueJoinTokenInputSchema, issueJoinTokenOutputSchema } from './join.schema';
import { clinicianProcedure } from '../../edge/procedures';

export const issueJoinTokenProcedure = clinicianProcedure
  .meta({
    openapi: {
      method: 'POST',
      path: '/sessions/{sessionId}/participants/{participantId}/join-token',
      tags: ['join tokens'],
      protect: true,
      summary: "Issue (or re-issue) a participant's HMAC join token and link",
    },
  })
  .input(issueJoinTokenInputSchema)
  .output(issueJoinTokenOutputSchema)
  .mutation(async ({ ctx, input }) => {
    const issued = await getJoinToken(ctx.services.deps, {
      tenantId: ctx.tenantId,
      sessionId: input.sessionId,
      participantId: input.participantId,
    });
    return {
      token: issued.token,
      joinUrl: ctx.services.deps.links.joinUrl(issued.token),
      expiresAt: issued.expiresAt.toISOString(),
      notBefore: issued.notBefore.toISOString(),
    };
  });
