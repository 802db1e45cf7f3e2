import type { ParticipantStatus } from '../records/session-participant.record';
import type { SessionStatus } from '../records/virtual-session.record';

export interface PresenceRefreshCommand {
  sessionId: string;
  participantId: string;
  seenAt: Date;
  /** The participant statuses a heartbeat only refreshes (no transition). */
  participantStatuses: readonly ParticipantStatus[];
  /** The session statuses a heartbeat is accepted in. */
  sessionStatuses: readonly SessionStatus[];
}

/** Where a refresh left the participant and its session. */
export interface PresenceRefreshed {
  participantStatus: ParticipantStatus;
  sessionStatus: SessionStatus;
  version: number;
}

/**
 * A heartbeat that moves nothing, in one statement (issue 20: at most one database query per heartbeat): the
 * participant's `lastSeenAt` (never backwards), written only while the participant and its session are in the given
 * statuses, in the tenant's scope. Null when they are not (nothing written): the caller then loads the session and
 * decides, as for any command. Never touches the session or its version.
 */
export interface PresencePort {
  refresh(tenantId: string, command: PresenceRefreshCommand): Promise<PresenceRefreshed | null>;
}
