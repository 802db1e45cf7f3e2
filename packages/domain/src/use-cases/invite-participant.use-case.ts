import type {
  ParticipantRole,
  VirtualSessionParticipantRecord,
} from '../records/session-participant.record';
import { loadSession, loadTenantConfig, saveSession } from './shared/session-store.helper';
import type { CoreDeps } from './shared/use-case-deps.helper';

export type InviteParticipantDeps = CoreDeps;

export interface InviteParticipantCommand {
  tenantId: string;
  sessionId: string;
  userId: string;
  role: ParticipantRole;
}

/** Adds an interpreter, observer or replacement participant within the tenant's maxParticipants. */
export async function inviteParticipant(
  deps: InviteParticipantDeps,
  command: InviteParticipantCommand,
): Promise<VirtualSessionParticipantRecord> {
  return deps.uow.run(command.tenantId, async (scope) => {
    const config = await loadTenantConfig(scope, deps.clock.now());
    const aggregate = await loadSession(scope, command.sessionId, deps);
    const participant = aggregate.invite(command.userId, command.role, config.maxParticipants);
    await saveSession(scope, aggregate);
    return participant;
  });
}
