import type { SessionSnapshot } from '../session/virtual-session.aggregate';
import { loadSession, saveSession } from './shared/session-store.helper';
import type { CoreDeps } from './shared/use-case-deps.helper';

export type IngestRecordingDeps = CoreDeps;

/** Jibri finished a recording: store its reference (recording.ingested.v1). */
export async function ingestRecording(
  deps: IngestRecordingDeps,
  command: { tenantId: string; sessionId: string; recordingRef: string },
): Promise<SessionSnapshot> {
  return deps.uow.run(command.tenantId, async (scope) => {
    const aggregate = await loadSession(scope, command.sessionId, deps);
    aggregate.attachRecording(command.recordingRef);
    return saveSession(scope, aggregate);
  });
}
