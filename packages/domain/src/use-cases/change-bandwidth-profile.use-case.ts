import type { SessionSnapshot } from '../session/virtual-session.aggregate';
import type { BandwidthProfile } from '../values/bandwidth-profile.value';
import { assertExpectedVersion, loadSession, saveSession } from './shared/session-store.helper';
import type { CoreDeps } from './shared/use-case-deps.helper';

export type ChangeBandwidthProfileDeps = CoreDeps;

export interface ChangeBandwidthProfileCommand {
  tenantId: string;
  sessionId: string;
  profile: BandwidthProfile;
  actorId: string;
  expectedVersion?: number;
}

/** The call moves to audio only or back to video (US-008, decision 0022); kept with its time and actor. */
export async function changeBandwidthProfile(
  deps: ChangeBandwidthProfileDeps,
  command: ChangeBandwidthProfileCommand,
): Promise<SessionSnapshot> {
  return deps.uow.run(command.tenantId, async (scope) => {
    const aggregate = await loadSession(scope, command.sessionId, deps);
    assertExpectedVersion(aggregate, command.expectedVersion);
    aggregate.changeBandwidthProfile(command.profile, command.actorId);
    return saveSession(scope, aggregate);
  });
}
