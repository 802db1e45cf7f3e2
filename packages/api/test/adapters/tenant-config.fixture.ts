import type { TenantVirtualCareConfigRecord } from '@virtual-care/domain';

/** A tenant configuration for adapter tests; each test passes what it cares about. */
export function tenantConfig(
  overrides: Partial<TenantVirtualCareConfigRecord> = {},
): TenantVirtualCareConfigRecord {
  return {
    tenantId: 'tnt_test',
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
    roomSlugPrefix: 'clinic',
    recordingEnabled: false,
    sessionGraceMinutesBefore: 15,
    sessionGraceMinutesAfter: 30,
    maxParticipants: 4,
    fallbackVideoBackend: null,
    graceReconnectSeconds: 60,
    aiConsentRequired: true,
    aiTranscriptRetentionHours: 24,
    version: 1,
    updatedAt: new Date('2026-04-18T00:00:00Z'),
    ...overrides,
  };
}
