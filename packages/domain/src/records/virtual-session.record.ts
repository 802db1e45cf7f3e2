/**
 * Persisted shape of a VirtualSession (data model seed, section 2). Plain data; ids are strings. Additions to the
 * seed: `cancellationReason` (why a session was cancelled, e.g. `no_show`) and `runningLateMinutes` (the clinician
 * told the waiting patient they are running about that late).
 */
export type SessionStatus = 'scheduled' | 'waiting' | 'active' | 'ended' | 'cancelled' | 'failed';
export type VideoBackend = 'jitsi' | 'mediasoup' | 'zoom' | 'webex' | 'teams';

export interface VirtualSessionRecord {
  id: string;
  tenantId: string;
  nodeId: string;
  patientId: string;
  appointmentId: string | null;
  encounterId: string | null;
  initiatorId: string;
  videoBackend: VideoBackend;
  roomName: string;
  roomUrl: string;
  status: SessionStatus;
  scheduledStart: Date;
  scheduledEnd: Date;
  actualStart: Date | null;
  actualEnd: Date | null;
  recordingEnabled: boolean;
  recordingRef: string | null;
  failureReason: string | null;
  cancellationReason: string | null;
  runningLateMinutes: number | null;
  messagingThreadId: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}
