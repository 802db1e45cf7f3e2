import { cancelSession } from '@virtual-care/domain';
import { sessionDto } from './session.views';
import { cancelSessionInputSchema, virtualSessionDtoSchema } from './session.schema';
import { clinicianProcedure } from '../../edge/procedures';

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
