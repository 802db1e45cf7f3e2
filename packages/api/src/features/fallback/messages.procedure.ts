import { listFallbackMessages } from '@virtual-care/domain';
import { fallbackMessagesInputSchema, fallbackMessagesOutputSchema } from './fallback.schema';
import { clinicianProcedure } from '../../edge/procedures';

export const messagesProcedure = clinicianProcedure
  .meta({
    openapi: {
      method: 'GET',
      path: '/sessions/{id}/messages',
      tags: ['fallback'],
      protect: true,
      summary: "The visit's messaging thread in send order; with `after`, only the newer messages",
    },
  })
  .input(fallbackMessagesInputSchema)
  .output(fallbackMessagesOutputSchema)
  .query(({ ctx, input }) =>
    listFallbackMessages(ctx.services.deps, {
      reader: { kind: 'staff', tenantId: ctx.tenantId, sessionId: input.id, userId: ctx.user.id },
      ...(input.after !== undefined ? { after: input.after } : {}),
    }),
  );
