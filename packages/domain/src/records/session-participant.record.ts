import type { DeviceCheck } from '../values/device-check.value';

/**
 * Persisted shape of a session participant. Additions to the seed: `lastSeenAt` (heartbeats and grace reconnect),
 * `waitingSince` (when they first entered the waiting room: the time waited) and `deviceCheck` (what their device
 * check found, for the waiting card).
 */
export type ParticipantRole = 'provider' | 'patient' | 'interpreter' | 'observer';
export type ParticipantStatus =
  'invited' | 'waiting' | 'admitted' | 'active' | 'disconnected' | 'removed';

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
