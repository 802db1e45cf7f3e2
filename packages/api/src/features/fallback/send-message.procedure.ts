import { sendFallbackMessage } from '@virtual-care/domain';
import { fallbackMessageDtoSchema, sendFallbackMessageInputSchema } from './fallback.schema';
import { clinicianProcedure } from '../../edge/procedures';

export const sendMessageProcedure = clinicianProcedure
  .meta({
    openapi: {
      method: 'POST',
      path: '/sessions/{id}/messages',
      tags: ['fallback'],
      protect: true,
      summary:
        "Write in the visit's messaging thread (idempotent by the client's messageId: a resend is stored once)",
    },
  })
  .input(sendFallbackMessageInputSchema)
  .output(fallbackMessageDtoSchema)
  .mutation(({ ctx, input }) =>
    sendFallbackMessage(ctx.services.deps, {
      reader: { kind: 'staff', tenantId: ctx.tenantId, sessionId: input.id, userId: ctx.user.id },
      id: input.messageId,
      body: input.body,
    }),
  );
