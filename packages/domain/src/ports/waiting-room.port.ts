import type { ParticipantRole } from '../records/session-participant.record';
import type { DeviceCheck } from '../values/device-check.value';

/** Someone in the waiting room of one of the tenant's open sessions. */
export interface WaitingRoomEntry {
  sessionId: string;
  sessionVersion: number;
  /** The clinician whose visit it is (the session's initiator). */
  clinicianId: string;
  scheduledStart: Date;
  runningLateMinutes: number | null;
  participantId: string;
  userId: string;
  role: ParticipantRole;
  /** When they first entered the waiting room. */
  waitingSince: Date | null;
  deviceCheck: DeviceCheck | null;
  /** The patient's name in the registry, or a staff member's account name; null when neither is known. */
  displayName: string | null;
}

/** Who waits across the tenant's open sessions, and which clinicians are in a visit, as of one moment. */
export interface WaitingRoomSnapshot {
  /** Everyone waiting, in queue order: by scheduled start, then arrival. */
  waiting: WaitingRoomEntry[];
  /** Clinicians in the room of an active visit right now. */
  cliniciansInVisit: string[];
}

/** The waiting room as one read (one statement: the clinicians' dashboard asks for it every few seconds). */
export interface WaitingRoomReadModel {
  read(): Promise<WaitingRoomSnapshot>;
}
