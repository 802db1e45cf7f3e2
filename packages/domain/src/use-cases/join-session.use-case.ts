import type { DeviceCheck } from '../values/device-check.value';
import { joinTokenValidation } from './shared/join-destination.helper';
import { verifyJoinToken } from './shared/join-token.helper';
import { loadSession, loadTenantConfig, saveSession } from './shared/session-store.helper';
import type { JoinTokenValidation, ValidateJoinTokenDeps } from './validate-join-token.use-case';

export type JoinSessionDeps = ValidateJoinTokenDeps;

export interface JoinSessionCommand {
  token: string;
  /** What the participant's device check found, for the clinician's waiting card. */
  deviceCheck?: DeviceCheck;
}

/** The token holder enters: patients to the waiting room, providers straight into the room (participant.joined.v1). */
export async function joinSession(
  deps: JoinSessionDeps,
  command: JoinSessionCommand,
): Promise<JoinTokenValidation> {
  const claims = await verifyJoinToken(deps, command.token);
  return deps.uow.run(claims.tenantId, async (scope) => {
    const config = await loadTenantConfig(scope, deps.clock.now());
    const aggregate = await loadSession(scope, claims.sessionId, deps);
    const { participant, destination } = aggregate.join(
      claims.participantId,
      config.graceReconnectSeconds,
      command.deviceCheck,
    );
    const { session } = await saveSession(scope, aggregate);
    return joinTokenValidation(deps, destination, session, participant, () =>
      Promise.resolve(config),
    );
  });
}
