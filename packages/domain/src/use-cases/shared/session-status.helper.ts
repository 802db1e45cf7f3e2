import { DomainError } from '../../errors/domain.errors';
import type { SessionStatus } from '../../records/virtual-session.record';
import { loadSession } from './session-store.helper';
import type { CoreDeps } from './use-case-deps.helper';

/** Guards features that only make sense in some session states. */
export async function assertSessionStatus(
  deps: CoreDeps,
  tenantId: string,
  sessionId: string,
  allowed: readonly SessionStatus[],
): Promise<void> {
  const status = await deps.uow.read(
    tenantId,
    async (scope) => (await loadSession(scope, sessionId, deps)).status,
  );
  assertStatusIn(status, allowed);
}

/** INVALID_STATUS_TRANSITION (409, with the current status) unless `status` is one of `allowed`. */
export function assertStatusIn(status: SessionStatus, allowed: readonly SessionStatus[]): void {
  if (!allowed.includes(status))
    throw new DomainError('INVALID_STATUS_TRANSITION', `The session is ${status}`, {
      currentStatus: status,
    });
}
