import type { SessionSnapshot } from '../session/virtual-session.aggregate';
import { retryOnConflict } from './shared/conflict-retry.helper';
import { loadSession, saveSession } from './shared/session-store.helper';
import type { CoreDeps } from './shared/use-case-deps.helper';

export type IngestRecordingDeps = CoreDeps;

/**
 * Jibri finished a recording: store its reference (recording.ingested.v1). Idempotent: the same reference again
 * changes nothing and raises no event; a different reference for a session that already has one is refused
 * (INVALID_STATUS_TRANSITION, `details.reason: recording_already_ingested`), so a stored recording is never replaced.
 * A write that loses the version race reloads and tries again (three attempts), so a repeated delivery racing the
 * first still finds the reference stored rather than OPTIMISTIC_LOCK_CONFLICT.
 */
export async function ingestRecording(
  deps: IngestRecordingDeps,
  command: { tenantId: string; sessionId: string; recordingRef: string },
): Promise<SessionSnapshot> {
  return retryOnConflict(() =>
    deps.uow.run(command.tenantId, async (scope) => {
      const aggregate = await loadSession(scope, command.sessionId, deps);
      aggregate.attachRecording(command.recordingRef);
      return saveSession(scope, aggregate);
    }),
  );
}
