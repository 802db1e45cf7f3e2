import {
  defaultTenantConfig,
  fallbackThreadFor,
  isDomainError,
  validateJoinToken,
  type SessionStatus,
  type VirtualSessionRecord,
} from '@virtual-care/domain';
import type { z } from 'zod';
import type { joinStatusOutputSchema } from './join.schema';
import { meetingFor, publicBranding } from '../sessions/meeting-options';
import type { ApiServices } from '../../composition/services';

export type JoinStatus = z.infer<typeof joinStatusOutputSchema>;

/** What the patient's waiting room polls: statuses, schedule, the clinic's name and branding, and the video once admitted. */
export async function joinStatus(services: ApiServices, token: string): Promise<JoinStatus> {
  const { deps, directory } = services;
  // A fresh read (never recalled sessions): the poll has just recorded a heartbeat that may have moved a status.
  const validation = await validateJoinToken(deps, { token }).catch((error: unknown) => {
    if (isDomainError(error, 'INVALID_STATUS_TRANSITION')) return error;
    throw error;
  });
  if (!('destination' in validation)) return threadStatus(services, token, validation);
  const { tenantId, session, participant } = validation;
  const [config, tenantName] = await Promise.all([
    directory.videoConfig(tenantId),
    directory.tenantName(tenantId),
  ]);
  const admitted = validation.destination === 'direct_join';
  // The name the call shows, the one the clinician's list shows too: their page kicks a removed one by it.
  const displayName = admitted
    ? ((participant.role === 'patient'
        ? await directory.patientNames(tenantId, [participant.userId])
        : await directory.userNames([participant.userId])
      ).get(participant.userId) ?? null)
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
    bandwidthProfile: session.bandwidthProfile,
    messaging: messagingOf(session, validation.sessionStatus),
    graceReconnectSeconds: (config ?? defaultTenantConfig(tenantId, new Date()))
      .graceReconnectSeconds,
  };
}

/** The thread the visit continues in, with the time it opened (the change to async_text) and why. */
function messagingOf(
  session: VirtualSessionRecord,
  sessionStatus: SessionStatus,
): JoinStatus['messaging'] {
  if (session.messagingThreadId === null) return null;
  const opened = session.bandwidthChanges.findLast((change) => change.to === 'async_text');
  return {
    threadId: session.messagingThreadId,
    openedAt: (opened?.changedAt ?? session.updatedAt).toISOString(),
    reason: sessionStatus === 'failed' ? 'connection_lost' : 'switched',
  };
}

/**
 * A closed session whose visit continues in messages (it failed after the grace window, then the thread opened):
 * the link still leads to the thread, so the status says so, with no video. Any other closed session, or a reader
 * the thread refuses for another reason than a removal, keeps the refusal it had.
 */
async function threadStatus(
  services: ApiServices,
  token: string,
  refusal: Error,
): Promise<JoinStatus> {
  const thread = await fallbackThreadFor(
    services.deps,
    { kind: 'join_token', token },
    'write',
  ).catch((error: unknown) => {
    // A removal is final and says more than "closed"; any other refusal keeps the closed session's answer.
    throw isDomainError(error, 'PARTICIPANT_REMOVED') ? error : refusal;
  });
  const { session } = thread.snapshot;
  const [config, tenantName] = await Promise.all([
    services.directory.videoConfig(session.tenantId),
    services.directory.tenantName(session.tenantId),
  ]);
  return {
    sessionStatus: session.status,
    participantStatus: thread.participant?.status ?? 'removed',
    scheduledStart: session.scheduledStart.toISOString(),
    scheduledEnd: session.scheduledEnd.toISOString(),
    tenantName,
    branding: publicBranding(config, services.config.brandingLogoHosts),
    videoJoinUrl: null,
    meeting: null,
    runningLateMinutes: session.runningLateMinutes,
    queue: null,
    bandwidthProfile: session.bandwidthProfile,
    messaging: messagingOf(session, session.status),
    graceReconnectSeconds: (config ?? defaultTenantConfig(session.tenantId, new Date()))
      .graceReconnectSeconds,
  };
}
