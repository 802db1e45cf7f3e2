import { removeParticipant, type RemoveParticipantCommand } from '@virtual-care/domain';
import type { ApiServices } from '../../composition/services';
import { participantDtos, sessionDto } from '../sessions/session.views';

/** RemoveParticipant, answered with the removed participant and the session as it now stands. */
export async function removeAndReport(services: ApiServices, command: RemoveParticipantCommand) {
  const removed = await removeParticipant(services.deps, command);
  const [participant] = await participantDtos(services, command.tenantId, [removed.participant]);
  return {
    participant: participant!,
    session: await sessionDto(services, command.tenantId, removed.snapshot.session),
  };
}
