import type { ConsentType } from '../records/consent.record';
import type { TenantScope } from './unit-of-work.port';

export interface ConsentQuery {
  tenantId: string;
  patientId: string;
  type: ConsentType;
}

/**
 * Access-policy consent lookup. Throws DomainError CONSENT_SERVICE_UNAVAILABLE when unreachable;
 * use cases treat any other failure the same way (fail closed).
 */
export interface ConsentCheckPort {
  hasConsent(input: ConsentQuery): Promise<boolean>;
  /**
   * Offered by adapters whose answer lives in this service's own database: a use case that is reading in a unit
   * of work anyway asks there, saving a transaction. Remote services leave it out, so no transaction ever waits
   * on the network.
   */
  hasConsentWithin?(scope: TenantScope, input: ConsentQuery): Promise<boolean>;
}
