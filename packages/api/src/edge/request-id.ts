import { newUlid } from '../composition/runtime-ports';

/** An id a caller (or the proxy in front) may choose: short, and safe to echo in a header and a log line. */
const ACCEPTED = /^[\w-]{1,64}$/;

/**
 * The request's id: the caller's X-Request-Id when it is a sane one, else a new ULID. The access log assigns it as
 * a request arrives, so the log line, the response's header and an error body's `requestId` are one id.
 */
export function requestIdFrom(given: string | null | undefined): string {
  return given && ACCEPTED.test(given) ? given : newUlid();
}
