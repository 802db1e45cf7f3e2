import {
  getJoinToken,
  getSessionDetail,
  inviteParticipant,
  joinSession,
} from '@virtual-care/domain';
import type { JitsiMeetingOptions } from '../../adapters/jitsi-meeting-options';
import { meetingFor } from './meeting-options';
import type { ApiServices } from '../../composition/services';

export interface ProviderEntry {
  videoJoinUrl: string;
  participantId: string;
  meeting: JitsiMeetingOptions;
}

/**
 * The signed-in clinician enters the visit room: their provider participant (the initiator's, or a new one for
 * a colleague), a join token for it, and the JoinSession use case, which puts providers straight into the room.
 */
export async function enterAsProvider(
  services: ApiServices,
  request: { tenantId: string; sessionId: string; userId: string; displayName: string },
): Promise<ProviderEntry> {
  const { deps } = services;
  const { tenantId, sessionId, userId } = request;
  const { participants, session } = await getSessionDetail(deps, { tenantId, sessionId });
  const mine =
    participants.find(
      (p) => p.role === 'provider' && p.userId === userId && p.status !== 'removed',
    ) ?? (await inviteParticipant(deps, { tenantId, sessionId, userId, role: 'provider' }));
  const { token } = await getJoinToken(deps, { tenantId, sessionId, participantId: mine.id });
  const joined = await joinSession(deps, { token });
  const config = await services.directory.videoConfig(tenantId);
  return {
    videoJoinUrl: joined.url,
    participantId: mine.id,
    meeting: meetingFor(config, {
      roomName: session.roomName,
      videoJoinUrl: joined.url,
      displayName: request.displayName,
      logoHosts: services.config.brandingLogoHosts,
    }),
  };
}
