import type { TenantVirtualCareConfigRecord } from '../records/tenant-config.record';

/** Platform hard limit on participants per session (domain model seed 1.3). */
export const PLATFORM_MAX_PARTICIPANTS = 20;
export const MIN_PARTICIPANTS = 2;

/** How long a session's AI transcript is kept unless the tenant says otherwise, and the longest it may say. */
export const DEFAULT_AI_TRANSCRIPT_RETENTION_HOURS = 24;
export const MAX_AI_TRANSCRIPT_RETENTION_HOURS = 720;

/**
 * The seed's column defaults. `version` 0 marks a tenant that never saved a config, so the first save is an
 * insert that lands at version 1.
 */
export function defaultTenantConfig(tenantId: string, now: Date): TenantVirtualCareConfigRecord {
  return {
    tenantId,
    defaultVideoBackend: 'jitsi',
    jitsiServerUrl: null,
    jitsiJwtAppId: null,
    jitsiJwtSecretEncrypted: null,
    mediasoupWsUrl: null,
    zoomApiKeyEncrypted: null,
    webexClientIdEncrypted: null,
    teamsClientIdEncrypted: null,
    brandingLogoUrl: null,
    brandingPrimaryColor: null,
    roomSlugPrefix: null,
    recordingEnabled: false,
    sessionGraceMinutesBefore: 15,
    sessionGraceMinutesAfter: 30,
    maxParticipants: 8,
    fallbackVideoBackend: null,
    graceReconnectSeconds: 60,
    aiConsentRequired: true,
    aiTranscriptRetentionHours: DEFAULT_AI_TRANSCRIPT_RETENTION_HOURS,
    version: 0,
    updatedAt: now,
  };
}
