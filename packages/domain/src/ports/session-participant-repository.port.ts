import type {
  ParticipantStatus,
  VirtualSessionParticipantRecord,
} from '../records/session-participant.record';

export interface SessionParticipantRepository {
  findById(id: string): Promise<VirtualSessionParticipantRecord | null>;
  /** Upsert by id. `lastSeenAt` never moves backwards: an older copy does not undo a newer `touchPresence`. */
  save(participants: readonly VirtualSessionParticipantRecord[]): Promise<void>;
  /**
   * Presence refresh: writes only `lastSeenAt` of one participant (never backwards), and only while it still has
   * `expectedStatus`. Returns false when it does not (the status moved since it was read, the
   * participant is gone or belongs to another tenant), so the caller can reload and decide again.
   * Never touches the session or its version.
   */
  touchPresence(
    participantId: string,
    seenAt: Date,
    expectedStatus: ParticipantStatus,
  ): Promise<boolean>;
}
