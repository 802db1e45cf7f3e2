import { reportRunningLate } from '@virtual-care/domain';
import { sessionDto } from './session.views';
import { runningLateInputSchema, virtualSessionDtoSchema } from './session.schema';
import { clinicianProcedure } from '../../edge/procedures';

export const runningLateProcedure = clinicianProcedure
  .meta({
    openapi: {
      method: 'POST',
      path: '/sessions/{id}/running-late',
      tags: ['sessions'],
      protect: true,
      summary:
        'Tell the waiting patient the clinician is running about N minutes late (null: on time)',
    },
  })
  .input(runningLateInputSchema)
  .output(virtualSessionDtoSchema)
  .mutation(async ({ ctx, input }) => {
    const { session } = await reportRunningLate(ctx.services.deps, {
      tenantId: ctx.tenantId,
      sessionId: input.id,
      minutes: input.minutes,
      ...(input.expectedVersion !== undefined ? { expectedVersion: input.expectedVersion } : {}),
    });
    return sessionDto(ctx.services, ctx.tenantId, session);
  });
