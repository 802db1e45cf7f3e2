import type { TranscriptSegmentRecord } from '../ports/session-transcript-repository.port';
import type { TenantScope } from '../ports/unit-of-work.port';
import type { SessionStatus } from '../records/virtual-session.record';
import { assertStatusIn } from './shared/session-status.helper';
import { loadSession } from './shared/session-store.helper';
import type { CoreDeps } from './shared/use-case-deps.helper';

/** The session's transcript as kept now: expired segments are gone for readers at once, before any sweep. */
export async function getSessionTranscript(
  deps: CoreDeps,
  command: { tenantId: string; sessionId: string },
): Promise<TranscriptSegmentRecord[]> {
  return deps.uow.read(command.tenantId, (scope) =>
    keptTranscript(deps, scope, command.sessionId, null),
  );
}

/** The kept segments of a session of the scope's tenant (NOT_FOUND otherwise), its status checked when asked. */
export async function keptTranscript(
  deps: CoreDeps,
  scope: TenantScope,
  sessionId: string,
  allowed: readonly SessionStatus[] | null,
): Promise<TranscriptSegmentRecord[]> {
  const { status } = await loadSession(scope, sessionId, deps);
  if (allowed) assertStatusIn(status, allowed);
  return scope.transcripts.listKept(sessionId, deps.clock.now());
}
