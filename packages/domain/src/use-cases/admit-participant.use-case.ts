import { createAuditEvent } from '../events/audit.events';
import type { VideoProviderPort } from '../ports/video-provider.port';
import type { VirtualSessionParticipantRecord } from '../records/session-participant.record';
import type { SessionSnapshot } from '../session/virtual-session.aggregate';
import { videoJoinUrl } from './shared/join-destination.helper';
import {
  assertExpectedVersion,
  loadSession,
  loadTenantConfig,
  saveSession,
} from './shared/session-store.helper';
import type { CoreDeps } from './shared/use-case-deps.helper';

export interface AdmitParticipantDeps extends CoreDeps {
  video: VideoProviderPort;
}

export interface AdmitParticipantCommand {
  tenantId: string;
  sessionId: string;
  participantId: string;
  actorId: string;
  expectedVersion?: number;
}

export interface AdmitParticipantResult {
  participant: VirtualSessionParticipantRecord;
  snapshot: SessionSnapshot;
  videoJoinUrl: string;
}

/** waiting -> admitted; the first admit makes the session active. Returns the admitted participant's video URL. */
export async function admitParticipant(
  deps: AdmitParticipantDeps,
  command: AdmitParticipantCommand,
): Promise<AdmitParticipantResult> {
  const { participant, snapshot, config } = await deps.uow.run(command.tenantId, async (scope) => {
    const aggregate = await loadSession(scope, command.sessionId, deps);
    assertExpectedVersion(aggregate, command.expectedVersion);
    const admitted = aggregate.admit(command.participantId, command.actorId);
    const audit = createAuditEvent(deps, {
      type: 'PARTICIPANT_ADMITTED',
      tenantId: command.tenantId,
      actorId: command.actorId,
      subjectId: admitted.id,
      details: { sessionId: aggregate.id, role: admitted.role },
    });
    const saved = await saveSession(scope, aggregate, [audit]);
    return {
      participant: admitted,
      snapshot: saved,
      config: await loadTenantConfig(scope, deps.clock.now()),
    };
  });
  return {
    participant,
    snapshot,
    videoJoinUrl: await videoJoinUrl(deps.video, snapshot.session, participant, config),
  };
}
