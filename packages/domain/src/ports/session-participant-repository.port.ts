import type { VirtualSessionParticipantRecord } from '../records/session-participant.record';

export interface SessionParticipantRepository {
  listBySession(sessionId: string): Promise<VirtualSessionParticipantRecord[]>;
  findById(id: string): Promise<VirtualSessionParticipantRecord | null>;
  /** Upsert by id. */
  save(participants: readonly VirtualSessionParticipantRecord[]): Promise<void>;
}
