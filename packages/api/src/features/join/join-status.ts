import { validateJoinToken } from '@virtual-care/domain';
import type { z } from 'zod';
import type { joinStatusOutputSchema } from './join.schema';
import { meetingFor, publicBranding } from '../sessions/meeting-options';
import type { ApiServices } from '../../composition/services';

export type JoinStatus = z.infer<typeof joinStatusOutputSchema>;

/** What the patient's waiting room polls: statuses, schedule, the clinic's name and branding, and the video once admitted. */
export async function joinStatus(services: ApiServices, token: string): Promise<JoinStatus> {
  const { deps, directory } = services;
  // A fresh read (never recalled sessions): the poll has just recorded a heartbeat that may have moved a status.
  const validation = await validateJoinToken(deps, { token });
  const { tenantId, session, participant } = validation;
  const [config, tenantName] = await Promise.all([
    directory.videoConfig(tenantId),
    directory.tenantName(tenantId),
  ]);
  const admitted = validation.destination === 'direct_join';
  const displayName =
    admitted && participant.role === 'patient'
      ? ((await directory.patientNames(tenantId, [participant.userId])).get(participant.userId) ??
        null)
      : null;
  const queue =
    participant.status === 'waiting' && participant.role === 'patient'
      ? (await services.waitingRooms.recent(tenantId)).placeOf(session.id)
      : null;
  return {
    sessionStatus: validation.sessionStatus,
    participantStatus: validation.participantStatus,
    scheduledStart: session.scheduledStart.toISOString(),
    scheduledEnd: session.scheduledEnd.toISOString(),
    tenantName,
    branding: publicBranding(config, services.config.brandingLogoHosts),
    videoJoinUrl: admitted ? validation.url : null,
    meeting: admitted
      ? meetingFor(config, {
          roomName: session.roomName,
          videoJoinUrl: validation.url,
          displayName,
          logoHosts: services.config.brandingLogoHosts,
        })
      : null,
    runningLateMinutes: session.runningLateMinutes,
    queue,
  };
}
