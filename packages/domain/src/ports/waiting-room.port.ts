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
}

/** The waiting room as one read: who waits across the tenant's open sessions, and which clinicians are in a visit. */
export interface WaitingRoomReadModel {
  /** Everyone waiting, in queue order: by scheduled start, then arrival. */
  waiting(): Promise<WaitingRoomEntry[]>;
  /** Clinicians in the room of an active visit right now. */
  cliniciansInVisit(): Promise<string[]>;
}
