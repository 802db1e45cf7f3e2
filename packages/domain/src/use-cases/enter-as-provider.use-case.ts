import type { VideoProviderPort } from '../ports/video-provider.port';
import type { VirtualSessionParticipantRecord } from '../records/session-participant.record';
import type { TenantVirtualCareConfigRecord } from '../records/tenant-config.record';
import type { VirtualSessionRecord } from '../records/virtual-session.record';
import { assertWithinWindow, claimsFor, joinWindow } from '../values/join-token.value';
import { videoJoinUrl } from './shared/join-destination.helper';
import { loadSession, loadTenantConfig, saveSession } from './shared/session-store.helper';
import type { CoreDeps } from './shared/use-case-deps.helper';

export interface EnterAsProviderDeps extends CoreDeps {
  video: VideoProviderPort;
}

export interface EnterAsProviderCommand {
  tenantId: string;
  sessionId: string;
  /** The signed-in clinician (their sign-in is the credential: no join token is needed). */
  userId: string;
}

export interface ProviderEntry {
  session: VirtualSessionRecord;
  participant: VirtualSessionParticipantRecord;
  config: TenantVirtualCareConfigRecord;
  /** The video room with this clinician's (moderator) credentials. */
  videoJoinUrl: string;
}

/**
 * A clinician enters the visit room: their provider participant (the initiator's, or a new one for a colleague,
 * within maxParticipants), inside the session's join window, straight into the room (participant.joined.v1).
 * One unit of work: what a provider's join token would prove, the sign-in already has.
 */
export async function enterAsProvider(
  deps: EnterAsProviderDeps,
  command: EnterAsProviderCommand,
): Promise<ProviderEntry> {
  const entered = await deps.uow.run(command.tenantId, async (scope) => {
    const now = deps.clock.now();
    const config = await loadTenantConfig(scope, now);
    const aggregate = await loadSession(scope, command.sessionId, deps);
    aggregate.assertOpen();
    const mine =
      aggregate
        .snapshot()
        .participants.find(
          (p) => p.role === 'provider' && p.userId === command.userId && p.status !== 'removed',
        ) ?? aggregate.invite(command.userId, 'provider', config.maxParticipants);
    const { session } = aggregate.snapshot();
    const ids = { tenantId: session.tenantId, sessionId: session.id, participantId: mine.id };
    assertWithinWindow(claimsFor({ ...ids, role: 'provider' }, joinWindow(session, config)), now);
    const { participant } = aggregate.join(mine.id, config.graceReconnectSeconds);
    const saved = await saveSession(scope, aggregate);
    return { session: saved.session, participant, config };
  });
  return {
    ...entered,
    videoJoinUrl: await videoJoinUrl(
      deps.video,
      entered.session,
      entered.participant,
      entered.config,
    ),
  };
}
