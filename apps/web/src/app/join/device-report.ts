/**
 * What the patient's device check tells the clinician (POST /join/api/enter `{ deviceCheck }`): the camera and
 * microphone from getUserMedia's outcome, the connection from the browser's estimate and a few round trips to
 * our own health endpoint. Pure functions (the measuring itself is in join-flow.tsx), so they are unit-tested.
 */

export type CameraOutcome = 'ok' | 'blocked' | 'missing' | 'off' | 'unsupported';
export type MicrophoneOutcome = 'ok' | 'blocked' | 'missing' | 'unsupported';
export type ConnectionQuality = 'good' | 'fair' | 'poor' | 'unknown';
type Measured = Exclude<ConnectionQuality, 'unknown'>;

export interface DeviceCheckReport {
  camera: CameraOutcome;
  microphone: MicrophoneOutcome;
  connection: ConnectionQuality;
}

/** getUserMedia's refusal, by the DOMException's name: the person or the browser said no, or nothing usable. */
export function refusalOutcome(errorName: string): 'blocked' | 'missing' {
  return errorName === 'NotFoundError' ||
    errorName === 'OverconstrainedError' ||
    errorName === 'NotReadableError' ||
    errorName === 'AbortError'
    ? 'missing'
    : 'blocked';
}

/** `navigator.connection.effectiveType` (Chromium, Android): 4g good, 3g fair, 2g and slow-2g poor. */
export function qualityFromEffectiveType(effectiveType: unknown): Measured | null {
  switch (effectiveType) {
    case '4g':
      return 'good';
    case '3g':
      return 'fair';
    case '2g':
    case 'slow-2g':
      return 'poor';
    default:
      return null;
  }
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? null)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Round trips in ms: median under 300 good, under 1000 fair, else poor; any failed call, poor. */
export function qualityFromRoundTrips(
  roundTripsMs: readonly number[],
  failures: number,
): Measured | null {
  if (failures > 0) return 'poor';
  const typical = median(roundTripsMs);
  if (typical === null) return null;
  return typical < 300 ? 'good' : typical < 1000 ? 'fair' : 'poor';
}

const RANK: Record<Measured, number> = { good: 0, fair: 1, poor: 2 };

/** The worse of two estimates; neither known, 'unknown'. */
export function worseConnection(a: Measured | null, b: Measured | null): ConnectionQuality {
  if (a === null) return b ?? 'unknown';
  if (b === null) return a;
  return RANK[a] >= RANK[b] ? a : b;
}
