import { recordProviderHeartbeat } from '@virtual-care/domain';
import { heartbeatOutputSchema } from '../join/join.schema';
import { sessionRefInputSchema } from './session.schema';
import { clinicianProcedure } from '../../edge/procedures';

/**
 * The visit room's presence ping: keeps the clinician's provider participant in the call (the patient's page
 * pings through its join link). The page also times it to notice a weak connection of its own.
 */
export const providerHeartbeatProcedure = clinicianProcedure
  .meta({
    openapi: {
      method: 'POST',
      path: '/sessions/{id}/heartbeat',
      tags: ['sessions'],
      protect: true,
      summary: "Presence signal from the clinician's visit room",
    },
  })
  .input(sessionRefInputSchema)
  .output(heartbeatOutputSchema)
  .mutation(async ({ ctx, input }) => {
    const { participantStatus, sessionStatus } = await recordProviderHeartbeat(ctx.services.deps, {
      tenantId: ctx.tenantId,
      sessionId: input.id,
      userId: ctx.user.id,
    });
    return { participantStatus, sessionStatus };
  });
