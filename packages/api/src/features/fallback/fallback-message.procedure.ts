import { initiateFallback } from '@virtual-care/domain';
import { fallbackMessageInputSchema, fallbackMessageOutputSchema } from './fallback.schema';
import { clinicianProcedure } from '../../edge/procedures';

export const fallbackMessageProcedure = clinicianProcedure
  .meta({
    openapi: {
      method: 'POST',
      path: '/sessions/{id}/fallback-message',
      tags: ['fallback'],
      protect: true,
      summary:
        'Continue an active or failed visit in a messaging thread (idempotent: the same thread again)',
    },
  })
  .input(fallbackMessageInputSchema)
  .output(fallbackMessageOutputSchema)
  .mutation(async ({ ctx, input }) => {
    const { messagingThreadId } = await initiateFallback(ctx.services.deps, {
      tenantId: ctx.tenantId,
      sessionId: input.id,
      actorId: ctx.user.id,
    });
    return { messagingThreadId };
  });
