import { createSessionWithLink } from './create-session';
import { createSessionInputSchema, createSessionOutputSchema } from './session.schema';
import { clinicianProcedure } from '../../edge/procedures';

export const createSessionProcedure = clinicianProcedure
  .meta({
    openapi: {
      method: 'POST',
      path: '/sessions',
      tags: ['sessions'],
      protect: true,
      summary: 'Create a virtual session (provisions the video room; honours Idempotency-Key)',
      successDescription: 'Created (201)',
    },
  })
  .input(createSessionInputSchema)
  .output(createSessionOutputSchema)
  .mutation(({ ctx, input }) =>
    createSessionWithLink(ctx.services, {
      tenantId: ctx.tenantId,
      userId: ctx.user.id,
      input,
      idempotencyKey: ctx.idempotencyKey,
    }),
  );
