import { getSessionDetail, validateJoinToken } from '@virtual-care/domain';
import type { z } from 'zod';
import type { joinStatusOutputSchema } from '../schemas/join.schema';
import { meetingFor, publicBranding } from './meeting-options';
import type { ApiServices } from './services';

type JoinStatus = z.infer<typeof joinStatusOutputSchema>;

/** What the patient's waiting room polls: statuses, schedule, the clinic's name and branding, and the video once admitted. */
export async function joinStatus(services: ApiServices, token: string): Promise<JoinStatus> {
  const { deps, directory } = services;
  const validation = await validateJoinToken(deps, { token });
  const { tenantId, sessionId } = validation;
  const [{ session, participants }, config, tenantName] = await Promise.all([
    getSessionDetail(deps, { tenantId, sessionId }),
    directory.videoConfig(tenantId),
    directory.tenantName(tenantId),
  ]);
  const admitted = validation.destination === 'direct_join';
  const participant = participants.find((p) => p.id === validation.participantId);
  const displayName =
    admitted && participant?.role === 'patient'
      ? ((await directory.patientNames(tenantId, [participant.userId])).get(participant.userId) ??
        null)
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
  };
}
