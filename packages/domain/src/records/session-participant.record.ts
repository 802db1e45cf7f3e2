/** Persisted shape of a session participant. `lastSeenAt` is an addition to the seed: heartbeats and grace reconnect need it. */
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
}
