import type { SessionSnapshot } from '../session/virtual-session.aggregate';
import { assertExpectedVersion, loadSession, saveSession } from './shared/session-store.helper';
import type { CoreDeps } from './shared/use-case-deps.helper';

export type ReportRunningLateDeps = CoreDeps;

export interface ReportRunningLateCommand {
  tenantId: string;
  sessionId: string;
  /** About how many minutes late; null: on time again. */
  minutes: number | null;
  expectedVersion?: number;
}

/** The clinician tells the patient waiting for this visit that they are running late (shown in the waiting room). */
export async function reportRunningLate(
  deps: ReportRunningLateDeps,
  command: ReportRunningLateCommand,
): Promise<SessionSnapshot> {
  return deps.uow.run(command.tenantId, async (scope) => {
    const aggregate = await loadSession(scope, command.sessionId, deps);
    assertExpectedVersion(aggregate, command.expectedVersion);
    aggregate.reportRunningLate(command.minutes);
    return saveSession(scope, aggregate);
  });
}
