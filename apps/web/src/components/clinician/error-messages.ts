import { TRPCClientError } from '@trpc/client';

/** The spec code an API error carries (`data.code`), or null for network trouble and the like. */
export function errorCode(error: unknown): string | null {
  if (error instanceof TRPCClientError) {
    const data = (error as TRPCClientError<never>).data as { code?: unknown } | undefined;
    return typeof data?.code === 'string' ? data.code : null;
  }
  return null;
}

const MESSAGES: Record<string, string> = {
  CONSENT_REQUIRED:
    'This patient has not given consent for a video visit (or for recording, if you turned recording on). Record their consent first, or turn recording off.',
  CONSENT_SERVICE_UNAVAILABLE:
    'We could not check the patient’s consent just now. Nothing was created; try again in a minute.',
  VIDEO_PROVIDER_UNAVAILABLE:
    'The video service is not answering, so the visit could not be set up. Try again in a minute; if it keeps happening, ask your administrator to test the video connection in Settings.',
  PROVIDER_QUOTA_EXCEEDED:
    'The video service has no room for another call right now. Try again shortly.',
  MODULE_NOT_LICENSED:
    'Video visits are not part of your clinic’s licence. Ask your administrator to enable Virtual Care.',
  INVALID_STATUS_TRANSITION:
    'This visit has moved on (it may have started, ended or been cancelled). The page now shows its current state.',
  PARTICIPANT_NOT_IN_WAITING_ROOM:
    'This person is no longer in the waiting room (they may have left or been admitted already).',
  OPTIMISTIC_LOCK_CONFLICT:
    'Someone else changed this visit at the same moment. The page has been refreshed; please try again.',
  MAX_PARTICIPANTS_EXCEEDED: 'The visit already has as many participants as your clinic allows.',
  PROVIDER_NOT_PRESENT: 'Join the video yourself before admitting the patient.',
  PATIENT_ALREADY_IN_SESSION: 'This patient is already in another open visit.',
  VALIDATION_FAILED: 'Some details are missing or not valid. Check the form and try again.',
  NOT_FOUND: 'This visit could not be found. It may belong to another clinic or have been removed.',
  FORBIDDEN: 'Your account is not allowed to do this.',
  UNAUTHORIZED: 'Your session has ended. Sign in again to continue.',
  UNAUTHENTICATED: 'Your session has ended. Sign in again to continue.',
  FHIR_GATEWAY_UNAVAILABLE:
    'The visit ended, but the record could not be sent to the chart yet. It will be retried automatically.',
};

/** A sentence a clinician can act on, for any error from the API. */
export function errorMessage(error: unknown): string {
  const code = errorCode(error);
  // Validation messages name the field and the rule (never PHI): worth showing as they are.
  if (code === 'VALIDATION_FAILED' && error instanceof Error && error.message)
    return `${MESSAGES[code]} (${error.message})`;
  if (code && MESSAGES[code]) return MESSAGES[code];
  if (error instanceof TRPCClientError && code === null)
    return 'We could not reach the server. Check your connection and try again.';
  return 'Something went wrong. Try again; if it keeps happening, contact support.';
}
