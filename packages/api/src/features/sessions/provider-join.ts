import { enterAsProvider } from '@virtual-care/domain';
import type { JitsiMeetingOptions } from '../../adapters/jitsi-meeting-options';
import type { ApiServices } from '../../composition/services';
import { meetingFor } from './meeting-options';

export interface ProviderJoinAnswer {
  videoJoinUrl: string;
  participantId: string;
  meeting: JitsiMeetingOptions;
}

/** POST /sessions/{id}/provider-join: the EnterAsProvider use case, answered with the IFrame API's options. */
export async function providerJoin(
  services: ApiServices,
  request: { tenantId: string; sessionId: string; userId: string; displayName: string },
): Promise<ProviderJoinAnswer> {
  const entry = await enterAsProvider(services.deps, request);
  return {
    videoJoinUrl: entry.videoJoinUrl,
    participantId: entry.participant.id,
    meeting: meetingFor(entry.config, {
      roomName: entry.session.roomName,
      videoJoinUrl: entry.videoJoinUrl,
      displayName: request.displayName,
      logoHosts: services.config.brandingLogoHosts,
    }),
  };
}
