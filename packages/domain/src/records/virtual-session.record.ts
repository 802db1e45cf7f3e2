import type { FhirOperationOutcome } from '../ports/fhir-gateway.port';
import type { BandwidthProfile } from '../values/bandwidth-profile.value';

/**
 * Persisted shape of a VirtualSession (data model seed, section 2). Plain data; ids are strings. Additions to the
 * seed: `cancellationReason` (why a session was cancelled, e.g. `no_show`), `runningLateMinutes` (the clinician
 * told the waiting patient they are running about that late), `encounterRejection` (the FHIR server refused
 * the session's Encounter for good) and `bandwidthProfile` with its history `bandwidthChanges` (US-008).
 */
export const SESSION_STATUSES = [
  'scheduled',
  'waiting',
  'active',
  'ended',
  'cancelled',
  'failed',
] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];
export const VIDEO_BACKENDS = ['jitsi', 'mediasoup', 'zoom', 'webex', 'teams'] as const;
export type VideoBackend = (typeof VIDEO_BACKENDS)[number];

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
  /** What the visit runs on now (US-008): `video` until it degrades to `audio_only` or `async_text`. */
  bandwidthProfile: BandwidthProfile;
  /** Every change of `bandwidthProfile`, oldest first. */
  bandwidthChanges: BandwidthChange[];
  /** Set when the FHIR server refused the Encounter for good; the retry job then leaves the session alone. */
  encounterRejection: EncounterRejection | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** One change of a session's bandwidth profile: from what, to what, when and by whom. */
export interface BandwidthChange {
  from: BandwidthProfile;
  to: BandwidthProfile;
  changedAt: Date;
  actorId: string;
}

/** The FHIR server's permanent refusal of a session's Encounter, as it answered. */
export interface EncounterRejection {
  at: Date;
  /** 4xx other than 408 and 429. */
  httpStatus: number;
  outcome: FhirOperationOutcome;
}
