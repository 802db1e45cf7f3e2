import { providerJoin } from './provider-join';
import { providerJoinOutputSchema, sessionRefInputSchema } from './session.schema';
import { clinicianProcedure } from '../../edge/procedures';

export const providerJoinProcedure = clinicianProcedure
  .meta({
    openapi: {
      method: 'POST',
      path: '/sessions/{id}/provider-join',
      tags: ['sessions'],
      protect: true,
      summary: "The signed-in clinician's entry into the visit room",
    },
  })
  .input(sessionRefInputSchema)
  .output(providerJoinOutputSchema)
  .mutation(({ ctx, input }) =>
    providerJoin(ctx.services, {
      tenantId: ctx.tenantId,
      sessionId: input.id,
      userId: ctx.user.id,
      displayName: ctx.user.name,
    }),
  );
