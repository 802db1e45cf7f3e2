import { DomainError } from '../../errors/domain.errors';
import type { AuditEvent } from '../../events/audit.events';
import type { TenantScope } from '../../ports/unit-of-work.port';
import type { TenantVirtualCareConfigRecord } from '../../records/tenant-config.record';
import { defaultTenantConfig } from '../../config/tenant-config-defaults.value';
import {
  VirtualSession,
  type AggregateContext,
  type SessionSnapshot,
} from '../../session/virtual-session.aggregate';

/** Loads the aggregate; another tenant's session answers NOT_FOUND, never FORBIDDEN. */
export async function loadSession(
  scope: TenantScope,
  sessionId: string,
  ctx: AggregateContext,
): Promise<VirtualSession> {
  const found = await scope.sessions.findWithParticipants(sessionId);
  return VirtualSession.rehydrate(sessionOfTenant(found, scope.tenantId, sessionId), ctx);
}

/** The session read, if it is the tenant's; otherwise NOT_FOUND, never FORBIDDEN. */
export function sessionOfTenant(
  found: SessionSnapshot | null,
  tenantId: string,
  sessionId: string,
): SessionSnapshot {
  if (!found || found.session.tenantId !== tenantId) {
    throw new DomainError('NOT_FOUND', 'Session not found', { sessionId });
  }
  return found;
}

/** Caller-supplied expected version (the UI's copy) must match what was loaded. */
export function assertExpectedVersion(
  aggregate: VirtualSession,
  expectedVersion: number | undefined,
): void {
  if (expectedVersion !== undefined && expectedVersion !== aggregate.version) {
    throw conflict(aggregate.version);
  }
}

export function conflict(currentVersion: number): DomainError {
  return new DomainError('OPTIMISTIC_LOCK_CONFLICT', 'The record was changed by someone else', {
    currentVersion,
  });
}

/** The conflict for a write that found its row moved on: it carries the version stored now. */
export async function staleConflict(
  scope: TenantScope,
  sessionId: string,
  versionRead: number,
): Promise<DomainError> {
  const stored = await scope.sessions.findById(sessionId);
  return conflict(stored?.version ?? versionRead);
}

/** Insert or version-checked update, then participants, then the collected events, all in the caller's transaction. */
export async function saveSession(
  scope: TenantScope,
  aggregate: VirtualSession,
  audit: readonly AuditEvent[] = [],
): Promise<SessionSnapshot> {
  const snapshot = aggregate.snapshot();
  const changed = aggregate.changedParticipants();
  const events = [...aggregate.pullEvents(), ...audit];
  if (aggregate.expectedVersion === null) {
    await scope.sessions.insert(snapshot.session, changed, events);
    return snapshot;
  }
  if (snapshot.session.version !== aggregate.expectedVersion) {
    const written = await scope.sessions.update(snapshot.session, aggregate.expectedVersion);
    if (!written) throw await staleConflict(scope, snapshot.session.id, aggregate.expectedVersion);
  }
  if (changed.length > 0) await scope.participants.save(changed);
  if (events.length > 0) await scope.outbox.append(events);
  return snapshot;
}

export async function loadTenantConfig(
  scope: TenantScope,
  now: Date,
): Promise<TenantVirtualCareConfigRecord> {
  return (
    (await scope.tenantConfigs.get(scope.tenantId)) ?? defaultTenantConfig(scope.tenantId, now)
  );
}
