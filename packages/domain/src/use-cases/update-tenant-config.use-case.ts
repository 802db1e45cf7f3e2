import { PLATFORM_MAX_PARTICIPANTS } from '../config/tenant-config-defaults.value';
import {
  redactTenantConfig,
  REDACTED,
  type TenantConfigView,
} from '../config/tenant-config-view.value';
import {
  changeTenantConfig,
  CREDENTIAL_FIELDS,
  type CredentialField,
  type EncryptedCredentialPatch,
  type TenantConfigPatch,
} from '../config/tenant-config.aggregate';
import { createAuditEvent } from '../events/audit.events';
import type { SecretStorePort } from '../ports/secret-store.port';
import { conflict, loadTenantConfig } from './shared/session-store.helper';
import type { CoreDeps } from './shared/use-case-deps.helper';

export interface UpdateTenantConfigDeps extends CoreDeps {
  secrets: SecretStorePort;
}

export interface UpdateTenantConfigCommand {
  tenantId: string;
  actorId: string;
  /** The version the admin edited (0 when no config was saved yet); omitted = last writer wins. */
  expectedVersion?: number;
  patch: TenantConfigPatch;
  /** Plaintext credentials: a string sets, null clears, omitted or "****" keeps the stored value. */
  credentials?: Partial<Record<CredentialField, string | null>>;
  logoHostAllowlist: readonly string[];
  platformMaxParticipants?: number;
  /** Set by demo and test deployments only (decision 0005). */
  allowLoopbackHttp?: boolean;
}

/** Validates, encrypts credentials through the secret store, saves with the version check, emits config.updated.v1. */
export async function updateTenantConfig(
  deps: UpdateTenantConfigDeps,
  command: UpdateTenantConfigCommand,
): Promise<{ config: TenantConfigView; changedFields: string[] }> {
  const encrypted: EncryptedCredentialPatch = {};
  for (const field of Object.keys(CREDENTIAL_FIELDS) as CredentialField[]) {
    const value = command.credentials?.[field];
    if (value === undefined || value === REDACTED) continue;
    encrypted[field] = value === null ? null : await deps.secrets.encrypt(command.tenantId, value);
  }
  return deps.uow.run(command.tenantId, async (scope) => {
    const current = await loadTenantConfig(scope, deps.clock.now());
    if (command.expectedVersion !== undefined && command.expectedVersion !== current.version)
      throw conflict(current.version);
    const policy = {
      platformMaxParticipants: command.platformMaxParticipants ?? PLATFORM_MAX_PARTICIPANTS,
      logoHostAllowlist: command.logoHostAllowlist,
      allowLoopbackHttp: command.allowLoopbackHttp ?? false,
    };
    const change = changeTenantConfig(current, command.patch, encrypted, policy, deps);
    if (change.events.length > 0) {
      const saved = await scope.tenantConfigs.save(
        change.next,
        current.version === 0 ? null : current.version,
      );
      if (!saved)
        throw conflict(
          (await scope.tenantConfigs.get(command.tenantId))?.version ?? current.version,
        );
      const audit = createAuditEvent(deps, {
        type: 'CONFIG_UPDATED',
        tenantId: command.tenantId,
        actorId: command.actorId,
        subjectId: command.tenantId,
        details: { changedFields: change.changedFields.join(',') },
      });
      await scope.outbox.append([...change.events, audit]);
    }
    return { config: redactTenantConfig(change.next), changedFields: change.changedFields };
  });
}
