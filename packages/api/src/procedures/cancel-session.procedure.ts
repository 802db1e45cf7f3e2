import { cancelSession } from '@virtual-care/domain';
import { sessionDto } from '../composition/session-views';
import { cancelSessionInputSchema, virtualSessionDtoSchema } from '../schemas/session.schema';
import { clinicianProcedure } from './virtual-care.procedure';

export const cancelSessionProcedure = clinicianProcedure
  .meta({
    openapi: {
      method: 'POST',
      path: '/sessions/{id}/cancel',
      tags: ['sessions'],
      protect: true,
      summary: 'Cancel a session before it starts',
    },
  })
  .input(cancelSessionInputSchema)
  .output(virtualSessionDtoSchema)
  .mutation(async ({ ctx, input }) => {
    const { session } = await cancelSession(ctx.services.deps, {
      tenantId: ctx.tenantId,
      sessionId: input.id,
      actorId: ctx.user.id,
      reason: input.reason,
      ...(input.expectedVersion !== undefined ? { expectedVersion: input.expectedVersion } : {}),
    });
    return sessionDto(ctx.services, ctx.tenantId, session);
  });
