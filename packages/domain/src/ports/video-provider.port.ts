import type { ParticipantRole } from '../records/session-participant.record';
import type { TenantVirtualCareConfigRecord } from '../records/tenant-config.record';
import type { VideoBackend } from '../records/virtual-session.record';

export interface CreateRoomInput {
  tenantId: string;
  backend: VideoBackend;
  /** The slug the room should get (`{roomSlugPrefix}-{8 chars}`). */
  roomName: string;
  scheduledStart: Date;
  scheduledEnd: Date;
  recordingEnabled: boolean;
  /** The adapter reads server URL, branding and the encrypted secret from here (decrypting via SecretStorePort). */
  config: TenantVirtualCareConfigRecord;
}

export interface ProvisionedRoom {
  roomName: string;
  roomUrl: string;
}

export interface JoinCredentialsInput {
  tenantId: string;
  backend: VideoBackend;
  roomName: string;
  roomUrl: string;
  participantId: string;
  userId: string;
  role: ParticipantRole;
  /** Providers moderate the room. */
  moderator: boolean;
  expiresAt: Date;
  config: TenantVirtualCareConfigRecord;
}

export interface JoinCredentials {
  /** Room URL carrying the backend credential (for Jitsi an HS256 JWT signed with the tenant secret). */
  joinUrl: string;
  expiresAt: Date;
}

/**
 * Provisions rooms and participant credentials on a video backend.
 * Adapters throw DomainError VIDEO_PROVIDER_UNAVAILABLE or PROVIDER_QUOTA_EXCEEDED.
 */
export interface VideoProviderPort {
  createRoom(input: CreateRoomInput): Promise<ProvisionedRoom>;
  issueJoinCredentials(input: JoinCredentialsInput): Promise<JoinCredentials>;
}
