import type { TenantVirtualCareConfigRecord } from '../records/tenant-config.record';
import type { CredentialField, EncryptedCredentialField } from './tenant-config.aggregate';

export const REDACTED = '****';

/** What GET returns: every credential is "****" when set and null when not, never the ciphertext. */
export type TenantConfigView = Omit<TenantVirtualCareConfigRecord, EncryptedCredentialField> &
  Record<CredentialField, typeof REDACTED | null>;

export function redactTenantConfig(config: TenantVirtualCareConfigRecord): TenantConfigView {
  const {
    jitsiJwtSecretEncrypted,
    zoomApiKeyEncrypted,
    webexClientIdEncrypted,
    teamsClientIdEncrypted,
    ...visible
  } = config;
  const mask = (v: string | null) => (v === null ? null : REDACTED);
  const view: TenantConfigView = {
    ...visible,
    jitsiJwtSecret: mask(jitsiJwtSecretEncrypted),
    zoomApiKey: mask(zoomApiKeyEncrypted),
    webexClientId: mask(webexClientIdEncrypted),
    teamsClientId: mask(teamsClientIdEncrypted),
  };
  return view;
}
