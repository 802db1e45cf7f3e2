import type { ConsentType } from '../records/consent.record';

/**
 * Access-policy consent lookup. Throws DomainError CONSENT_SERVICE_UNAVAILABLE when unreachable;
 * use cases treat any other failure the same way (fail closed).
 */
export interface ConsentCheckPort {
  hasConsent(input: { tenantId: string; patientId: string; type: ConsentType }): Promise<boolean>;
}
