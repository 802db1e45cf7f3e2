import { TRPCClientError } from '@trpc/client';
import { useTranslations } from 'next-intl';
import type { ErrorCode } from '@virtual-care/domain';
import type { Messages } from './messages';

export type ApiErrorKey = keyof Messages['common']['apiErrors'];

/** The spec code an API error carries (`data.code`), or null for network trouble and the like. */
export function apiErrorCode(error: unknown): string | null {
  if (error instanceof TRPCClientError) {
    const data = (error as TRPCClientError<never>).data as { code?: unknown } | undefined;
    return typeof data?.code === 'string' ? data.code : null;
  }
  return null;
}

/** Which sentence of `common.apiErrors` an error from the API gets. */
export function apiErrorKey(error: unknown, known: readonly string[]): ApiErrorKey {
  const code = apiErrorCode(error);
  if (code && known.includes(code)) return code as ApiErrorKey;
  if (error instanceof TRPCClientError && code === null) return 'network';
  return 'unknown';
}

/**
 * For client components under an IntlClientProvider with `common`: a sentence a person can act on, in their
 * language, for any error from the API. Server messages are never shown: they are English and for engineers.
 */
export function useApiErrorMessage(): (error: unknown) => string {
  const t = useTranslations('common.apiErrors');
  return (error) => t(apiErrorKey(error, KNOWN_CODES));
}

const KNOWN_CODES: readonly string[] = [
  'CONSENT_REQUIRED',
  'CONSENT_SERVICE_UNAVAILABLE',
  'VIDEO_PROVIDER_UNAVAILABLE',
  'PROVIDER_QUOTA_EXCEEDED',
  'MODULE_NOT_LICENSED',
  'INVALID_STATUS_TRANSITION',
  'PARTICIPANT_NOT_IN_WAITING_ROOM',
  'OPTIMISTIC_LOCK_CONFLICT',
  'MAX_PARTICIPANTS_EXCEEDED',
  'PROVIDER_NOT_PRESENT',
  'PATIENT_ALREADY_IN_SESSION',
  'VALIDATION_FAILED',
  'NOT_FOUND',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'FHIR_GATEWAY_UNAVAILABLE',
] satisfies readonly (ApiErrorKey & ErrorCode)[];
