import type { DeviceCheck } from '../values/device-check.value';

/**
 * Persisted shape of a session participant. Additions to the seed: `lastSeenAt` (heartbeats and grace reconnect),
 * `waitingSince` (when they first entered the waiting room: the time waited) and `deviceCheck` (what their device
 * check found, for the waiting card).
 */
export const PARTICIPANT_ROLES = ['provider', 'patient', 'interpreter', 'observer'] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];
export const PARTICIPANT_STATUSES = [
  'invited',
  'waiting',
  'admitted',
  'active',
  'disconnected',
  'removed',
] as const;
export type ParticipantStatus = (typeof PARTICIPANT_STATUSES)[number];

export interface VirtualSessionParticipantRecord {
  id: string;
  sessionId: string;
  tenantId: string;
  userId: string;
  role: ParticipantRole;
  status: ParticipantStatus;
  joinedAt: Date | null;
  leftAt: Date | null;
  removedAt: Date | null;
  removedReason: string | null;
  lastSeenAt: Date | null;
  waitingSince: Date | null;
  deviceCheck: DeviceCheck | null;
}
