/**
 * What the patient's device check found before they entered the waiting room, as the clinician sees it on
 * the waiting card: whether camera and microphone work and how good the connection looked.
 */
export const CAMERA_OUTCOMES = ['ok', 'blocked', 'missing', 'off', 'unsupported'] as const;
export const MICROPHONE_OUTCOMES = ['ok', 'blocked', 'missing', 'unsupported'] as const;
export const CONNECTION_QUALITIES = ['good', 'fair', 'poor', 'unknown'] as const;

/** `off`: the patient chose audio only. */
export type CameraOutcome = (typeof CAMERA_OUTCOMES)[number];
export type MicrophoneOutcome = (typeof MICROPHONE_OUTCOMES)[number];
export type ConnectionQuality = (typeof CONNECTION_QUALITIES)[number];

export interface DeviceCheck {
  camera: CameraOutcome;
  microphone: MicrophoneOutcome;
  connection: ConnectionQuality;
}
