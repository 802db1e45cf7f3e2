import type { ConsentRecord } from '../records/consent.record';

/** Consent is on file when the newest record of its type grants it (a revocation is a newer record). */
export function isConsentOnFile(latest: ConsentRecord | null): boolean {
  return latest?.decision === 'granted';
}

/** Captures a consent record; frozen because a consent is never edited after capture. */
export function consentRecordOf(input: ConsentRecord): Readonly<ConsentRecord> {
  return Object.freeze({ ...input, capturedAt: new Date(input.capturedAt.getTime()) });
}
