import { endSession } from '@virtual-care/domain';
import { sessionDto } from './session.views';
import { endSessionInputSchema, virtualSessionDtoSchema } from './session.schema';
import { clinicianProcedure } from '../../edge/procedures';

export const endSessionProcedure = clinicianProcedure
  .meta({
    openapi: {
      method: 'POST',
      path: '/sessions/{id}/end',
      tags: ['sessions'],
      protect: true,
      summary: 'End the session (idempotent); creates the FHIR Encounter',
    },
  })
  .input(endSessionInputSchema)
  .output(virtualSessionDtoSchema)
  .mutation(async ({ ctx, input }) => {
    const ended = await endSession(ctx.services.deps, {
      tenantId: ctx.tenantId,
      sessionId: input.id,
      actorId: ctx.user.id,
      ...(input.expectedVersion !== undefined ? { expectedVersion: input.expectedVersion } : {}),
    });
    if (ended.encounterFailure?.kind === 'rejected') ctx.services.metrics.encounterRejections.inc();
    return sessionDto(ctx.services, ctx.tenantId, ended.session);
  });
