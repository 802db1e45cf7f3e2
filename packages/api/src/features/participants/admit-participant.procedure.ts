import { admitParticipant, type VirtualSessionParticipantRecord } from '@virtual-care/domain';
import type { ApiServices } from '../../composition/services';
import { participantDtos, sessionDto } from '../sessions/session.views';
import { participantRefInputSchema } from './participant.schema';
import { admitOutputSchema } from '../waiting-room/waiting-room.schema';
import { clinicianProcedure } from '../../edge/procedures';

export const admitParticipantProcedure = clinicianProcedure
  .meta({
    openapi: {
      method: 'POST',
      path: '/sessions/{sessionId}/admit/{participantId}',
      tags: ['participants'],
      protect: true,
      summary: 'Admit a participant from the waiting room (the first admit starts the session)',
    },
  })
  .input(participantRefInputSchema)
  .output(admitOutputSchema)
  .mutation(async ({ ctx, input }) => {
    const { tenantId, services } = ctx;
    const result = await admitParticipant(services.deps, {
      tenantId,
      sessionId: input.sessionId,
      participantId: input.participantId,
      actorId: ctx.user.id,
      ...(input.expectedVersion !== undefined ? { expectedVersion: input.expectedVersion } : {}),
    });
    observeTimeToAdmit(services, result.participant);
    const [participant] = await participantDtos(services, tenantId, [result.participant]);
    return {
      videoJoinUrl: result.videoJoinUrl,
      participant: participant!,
      session: await sessionDto(services, tenantId, result.snapshot.session),
    };
  });

/** Waiting-room entry to this admit: the first entry counts, as the waiting room shows it (a rejoin does not restart it). */
function observeTimeToAdmit(
  services: ApiServices,
  admitted: VirtualSessionParticipantRecord,
): void {
  if (!admitted.waitingSince) return;
  const waited = services.deps.clock.now().getTime() - admitted.waitingSince.getTime();
  services.metrics.timeToAdmitSeconds.observe({ role: admitted.role }, Math.max(0, waited) / 1000);
}
