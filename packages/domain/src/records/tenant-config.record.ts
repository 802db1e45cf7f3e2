import type { VideoBackend } from './virtual-session.record';

/**
 * Persisted per-tenant configuration. `graceReconnectSeconds` and `version` are additions to the seed:
 * the grace reconnect window needs a home and admins editing concurrently need optimistic locking.
 */
export interface TenantVirtualCareConfigRecord {
  tenantId: string;
  defaultVideoBackend: VideoBackend;
  jitsiServerUrl: string | null;
  jitsiJwtAppId: string | null;
  jitsiJwtSecretEncrypted: string | null;
  mediasoupWsUrl: string | null;
  zoomApiKeyEncrypted: string | null;
  webexClientIdEncrypted: string | null;
  teamsClientIdEncrypted: string | null;
  brandingLogoUrl: string | null;
  brandingPrimaryColor: string | null;
  roomSlugPrefix: string | null;
  recordingEnabled: boolean;
  sessionGraceMinutesBefore: number;
  sessionGraceMinutesAfter: number;
  maxParticipants: number;
  fallbackVideoBackend: VideoBackend | null;
  /** Default 60. */
  graceReconnectSeconds: number;
  /** Optimistic concurrency; starts at 1. */
  version: number;
  updatedAt: Date;
}
