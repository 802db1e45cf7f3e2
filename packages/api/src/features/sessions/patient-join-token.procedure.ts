import { DomainError, getPatientJoinToken } from '@virtual-care/domain';
import { patientJoinTokenOutputSchema } from '../join/join.schema';
import { sessionRefInputSchema } from './session.schema';
import { servicesProcedure } from '../../edge/procedures';

export const patientJoinTokenProcedure = servicesProcedure('patient')
  .meta({
    openapi: {
      method: 'POST',
      path: '/sessions/{id}/patient-join-token',
      tags: ['join tokens'],
      protect: true,
      summary: "A signed-in patient's own join token for one of their sessions (the portal's Join)",
    },
  })
  .input(sessionRefInputSchema)
  .output(patientJoinTokenOutputSchema)
  .mutation(async ({ ctx, input }) => {
    const patientId = await ctx.services.directory.patientOfUser(ctx.tenantId, ctx.user.id);
    if (!patientId)
      throw new DomainError('NOT_FOUND', 'Session not found', { sessionId: input.id });
    const issued = await getPatientJoinToken(ctx.services.deps, {
      tenantId: ctx.tenantId,
      patientId,
      sessionId: input.id,
    });
    return {
      token: issued.token,
      expiresAt: issued.expiresAt.toISOString(),
      notBefore: issued.notBefore.toISOString(),
    };
  });
