import { createDomainEvent, type DomainEvent } from '../events/domain.events';
import type { Clock } from '../ports/clock.port';
import type { IdGenerator } from '../ports/id-generator.port';
import type { TenantVirtualCareConfigRecord } from '../records/tenant-config.record';
import { assertValidConfig, type ConfigPolicy } from './tenant-config-validation.value';

/** What an admin may send as plaintext; the aggregate only ever stores the ciphertext. */
export const CREDENTIAL_FIELDS = {
  jitsiJwtSecret: 'jitsiJwtSecretEncrypted',
  zoomApiKey: 'zoomApiKeyEncrypted',
  webexClientId: 'webexClientIdEncrypted',
  teamsClientId: 'teamsClientIdEncrypted',
} as const;

export type CredentialField = keyof typeof CREDENTIAL_FIELDS;
export type EncryptedCredentialField = (typeof CREDENTIAL_FIELDS)[CredentialField];

type PlainField = Exclude<
  keyof TenantVirtualCareConfigRecord,
  'tenantId' | 'version' | 'updatedAt' | EncryptedCredentialField
>;

export const PLAIN_CONFIG_FIELDS = [
  'defaultVideoBackend',
  'jitsiServerUrl',
  'jitsiJwtAppId',
  'mediasoupWsUrl',
  'brandingLogoUrl',
  'brandingPrimaryColor',
  'roomSlugPrefix',
  'recordingEnabled',
  'sessionGraceMinutesBefore',
  'sessionGraceMinutesAfter',
  'maxParticipants',
  'fallbackVideoBackend',
  'graceReconnectSeconds',
  'aiConsentRequired',
  'aiTranscriptRetentionHours',
] as const satisfies readonly PlainField[];

/** Omitted = unchanged; null = clear. */
export type TenantConfigPatch = Partial<Pick<TenantVirtualCareConfigRecord, PlainField>>;

/** Credentials after encryption: ciphertext to set, or null to clear. Omitted = unchanged. */
export type EncryptedCredentialPatch = Partial<Record<CredentialField, string | null>>;

export interface ConfigChange {
  next: TenantVirtualCareConfigRecord;
  /** Field names only; credential fields appear by their plaintext name, never with a value. */
  changedFields: string[];
  events: DomainEvent[];
}

/**
 * Applies a validated patch. Version bumps only when something changed; config.updated carries only
 * `changedFields`.
 */
export function changeTenantConfig(
  current: TenantVirtualCareConfigRecord,
  patch: TenantConfigPatch,
  credentials: EncryptedCredentialPatch,
  policy: ConfigPolicy,
  ctx: { clock: Clock; ids: IdGenerator },
): ConfigChange {
  const next: TenantVirtualCareConfigRecord = { ...current };
  const changedFields: string[] = [];
  for (const field of PLAIN_CONFIG_FIELDS) {
    const value = patch[field];
    if (value === undefined || value === current[field]) continue;
    (next as Record<PlainField, unknown>)[field] = value;
    changedFields.push(field);
  }
  for (const field of Object.keys(CREDENTIAL_FIELDS) as CredentialField[]) {
    const value = credentials[field];
    const column = CREDENTIAL_FIELDS[field];
    // A new ciphertext always counts as a change: ciphertexts are not comparable to detect equal secrets.
    if (value === undefined || (value === null && current[column] === null)) continue;
    next[column] = value;
    changedFields.push(field);
  }
  assertValidConfig(next, policy);
  if (changedFields.length === 0) return { next: current, changedFields, events: [] };
  next.version = current.version + 1;
  next.updatedAt = ctx.clock.now();
  const event = createDomainEvent(
    ctx,
    'virtual_care.config.updated.v1',
    current.tenantId,
    current.tenantId,
    { changedFields },
  );
  return { next, changedFields, events: [event] };
}
