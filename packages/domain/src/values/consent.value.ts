import type { ConsentRecord, ConsentType } from '../records/consent.record';

/** Consent is on file when the newest record of its type grants it (a revocation is a newer record). */
export function isConsentOnFile(latest: ConsentRecord | null): boolean {
  return latest?.decision === 'granted';
}

/** Captures a consent record; frozen because a consent is never edited after capture. */
export function consentRecordOf(input: ConsentRecord): Readonly<ConsentRecord> {
  return Object.freeze({ ...input, capturedAt: new Date(input.capturedAt.getTime()) });
}

/** Where one consent type stands: on file or not, and the record that decides it. */
export interface CurrentConsent {
  type: ConsentType;
  granted: boolean;
  latest: ConsentRecord | null;
}

/** Each type's standing from a patient's history (oldest first): the latest decision wins. */
export function currentConsents(
  history: readonly ConsentRecord[],
  types: readonly ConsentType[],
): CurrentConsent[] {
  return types.map((type) => {
    const latest = history.filter((r) => r.type === type).at(-1) ?? null;
    return { type, granted: isConsentOnFile(latest), latest };
  });
}
