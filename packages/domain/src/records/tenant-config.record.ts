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
  /** Transcription needs the patient's `ai_processing` consent (default true; decision 0029). */
  aiConsentRequired: boolean;
  /** Hours a session's AI transcript is kept, 1-720 (default 24); the audio is never kept at all. */
  aiTranscriptRetentionHours: number;
  /** Optimistic concurrency; starts at 1. */
  version: number;
  updatedAt: Date;
}
