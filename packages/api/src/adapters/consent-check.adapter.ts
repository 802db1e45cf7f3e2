import {
  DomainError,
  type ConsentCheckPort,
  type ConsentQuery,
  type TenantScope,
  type UnitOfWork,
} from '@virtual-care/domain';
import { describeHttpError, fetchWithTimeout, joinUrl, type FetchLike } from './http-timeout';

/**
 * Default ConsentCheckPort: the consent records captured in this product. Consent is on file iff the
 * newest record of that type grants it (a revocation is a newer record). A failing read is reported as
 * CONSENT_SERVICE_UNAVAILABLE so the gate fails closed the same way as with the external service. It reads
 * inside the caller's unit of work when offered one (`hasConsentWithin`), else in its own.
 */
export function localConsentCheck(uow: Pick<UnitOfWork, 'read'>): ConsentCheckPort {
  const unreadable = () =>
    new DomainError('CONSENT_SERVICE_UNAVAILABLE', 'Consent records could not be read', {
      source: 'local',
    });
  const hasConsentWithin = async (scope: TenantScope, { patientId, type }: ConsentQuery) => {
    const latest = await scope.consents.latest(patientId, type).catch(() => {
      throw unreadable();
    });
    return latest?.decision === 'granted';
  };
  return {
    hasConsentWithin,
    hasConsent: (query) =>
      uow
        .read(query.tenantId, (scope) => hasConsentWithin(scope, query))
        .catch(() => {
          throw unreadable();
        }),
  };
}

export interface AccessPolicyConsentCheckDeps {
  /** Base URL of the access-policy service (ACCESS_POLICY_URL). */
  baseUrl: string;
  /** Per-request deadline (default 2000 ms). */
  timeoutMs?: number;
  /** Extra headers, e.g. `authorization`; never logged. */
  headers?: Record<string, string>;
  fetch?: FetchLike;
}

/**
 * ConsentCheckPort against the platform's access-policy service, selected when ACCESS_POLICY_URL is set.
 *
 * The API we call (the stand-in in @virtual-care/stand-ins speaks the same):
 *
 *     GET {baseUrl}/consents/check?tenantId={tenantId}&patientId={patientId}&type={telehealth|recording|ai_processing}
 *     200 application/json  { "granted": true | false }
 *
 * Fail-closed (US-005): a network error, a timeout, any non-200 answer or a body without a boolean
 * `granted` is DomainError CONSENT_SERVICE_UNAVAILABLE, never "consent on file".
 */
export function accessPolicyConsentCheck(deps: AccessPolicyConsentCheckDeps): ConsentCheckPort {
  const fetchImpl: FetchLike = deps.fetch ?? fetch;
  const timeoutMs = deps.timeoutMs ?? 2000;

  return {
    async hasConsent({ tenantId, patientId, type }) {
      const url = new URL(joinUrl(deps.baseUrl, 'consents/check'));
      url.searchParams.set('tenantId', tenantId);
      url.searchParams.set('patientId', patientId);
      url.searchParams.set('type', type);
      let response: Response;
      try {
        response = await fetchWithTimeout(
          fetchImpl,
          url,
          { method: 'GET', headers: { ...deps.headers, accept: 'application/json' } },
          timeoutMs,
        );
      } catch (error) {
        throw serviceUnavailable(
          `access-policy service did not answer: ${describeHttpError(error)}`,
        );
      }
      if (response.status !== 200) {
        await response.body?.cancel();
        throw serviceUnavailable(
          `access-policy service answered HTTP ${response.status}`,
          response.status,
        );
      }
      let body: unknown;
      try {
        body = await response.json();
      } catch {
        throw serviceUnavailable('access-policy service answered with a body that is not JSON');
      }
      const granted = (body as { granted?: unknown } | null)?.granted;
      if (typeof granted !== 'boolean')
        throw serviceUnavailable('access-policy service answered without a boolean "granted"');
      return granted;
    },
  };
}

function serviceUnavailable(message: string, status?: number): DomainError {
  return new DomainError(
    'CONSENT_SERVICE_UNAVAILABLE',
    message,
    status === undefined ? { source: 'access-policy' } : { source: 'access-policy', status },
  );
}
