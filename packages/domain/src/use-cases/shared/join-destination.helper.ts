import type { JoinLinkPort } from '../../ports/join-link.port';
import type { VideoProviderPort } from '../../ports/video-provider.port';
import type { VirtualSessionParticipantRecord } from '../../records/session-participant.record';
import type { TenantVirtualCareConfigRecord } from '../../records/tenant-config.record';
import type { VirtualSessionRecord } from '../../records/virtual-session.record';
import type { JoinDestination } from '../../session/virtual-session.aggregate';
import { joinWindow } from '../../values/join-token.value';
import type { JoinTokenValidation } from '../validate-join-token.use-case';

/** Reads the tenant config only when asked: the waiting room needs none. */
export type TenantConfigSource = () => Promise<TenantVirtualCareConfigRecord>;

/** The URL a participant is sent to: the waiting room page, or the video room with backend credentials. */
export async function destinationUrl(
  deps: { video: VideoProviderPort; links: JoinLinkPort },
  destination: JoinDestination,
  session: VirtualSessionRecord,
  participant: VirtualSessionParticipantRecord,
  configSource: TenantConfigSource,
): Promise<string> {
  if (destination === 'waiting_room')
    return deps.links.waitingRoomUrl({ sessionId: session.id, participantId: participant.id });
  return videoJoinUrl(deps.video, session, participant, await configSource());
}

/** The video room's URL with this participant's backend credentials (providers moderate), valid for the join window. */
export async function videoJoinUrl(
  video: VideoProviderPort,
  session: VirtualSessionRecord,
  participant: VirtualSessionParticipantRecord,
  config: TenantVirtualCareConfigRecord,
): Promise<string> {
  const credentials = await video.issueJoinCredentials({
    tenantId: session.tenantId,
    backend: session.videoBackend,
    roomName: session.roomName,
    roomUrl: session.roomUrl,
    participantId: participant.id,
    userId: participant.userId,
    role: participant.role,
    moderator: participant.role === 'provider',
    expiresAt: joinWindow(session, config).expiresAt,
    config,
  });
  return credentials.joinUrl;
}

/** Where a token holder goes, and their place in the session, as both join use cases answer it. */
export async function joinTokenValidation(
  deps: { video: VideoProviderPort; links: JoinLinkPort },
  destination: JoinDestination,
  session: VirtualSessionRecord,
  participant: VirtualSessionParticipantRecord,
  configSource: TenantConfigSource,
): Promise<JoinTokenValidation> {
  return {
    destination,
    url: await destinationUrl(deps, destination, session, participant, configSource),
    sessionStatus: session.status,
    tenantId: session.tenantId,
    sessionId: session.id,
    participantId: participant.id,
    role: participant.role,
    participantStatus: participant.status,
    session,
    participant,
  };
}
