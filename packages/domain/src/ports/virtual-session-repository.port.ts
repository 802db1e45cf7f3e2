import type { AuditEvent } from '../events/audit.events';
import type { DomainEvent } from '../events/domain.events';
import type { VirtualSessionParticipantRecord } from '../records/session-participant.record';
import type { SessionStatus, VirtualSessionRecord } from '../records/virtual-session.record';

export interface SessionListQuery {
  status?: SessionStatus[];
  patientId?: string;
  from?: Date;
  to?: Date;
  cursor?: string | null;
  limit: number;
  /**
   * Optional addition: only sessions still awaiting their Encounter, encounterId null and not refused for good
   * by the FHIR server (the worker's Encounter retry).
   */
  awaitingEncounter?: boolean;
  /** By scheduled start: `asc` (default, oldest first) or `desc` (newest first, as the clinician's list shows). */
  order?: 'asc' | 'desc';
}

export interface SessionListPage {
  items: VirtualSessionRecord[];
  nextCursor: string | null;
}

export interface VirtualSessionRepository {
  findById(id: string): Promise<VirtualSessionRecord | null>;
  /** The session and its participants in one read (every command loads both). */
  findWithParticipants(id: string): Promise<{
    session: VirtualSessionRecord;
    participants: VirtualSessionParticipantRecord[];
  } | null>;
  /** A new session with its first participants and the events of its creation (to the outbox), written together. */
  insert(
    session: VirtualSessionRecord,
    participants?: readonly VirtualSessionParticipantRecord[],
    events?: readonly (DomainEvent | AuditEvent)[],
  ): Promise<void>;
  /** Writes only if the stored version equals expectedVersion; returns false and writes nothing otherwise. */
  update(session: VirtualSessionRecord, expectedVersion: number): Promise<boolean>;
  list(query: SessionListQuery): Promise<SessionListPage>;
}
