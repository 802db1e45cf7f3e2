import {
  clientAddressOf,
  countingRefusedJoinTokens,
  enterJoin,
  joinHeartbeat,
  joinBandwidthProfile,
  joinStatus as readJoinStatus,
  newUlid,
  rateLimitedErrorOf,
  rateLimitHeaders,
  renderError,
  validateJoinLink,
  type ApiErrorCode,
  type ApiServices,
  type EnterJoinInput,
  type JoinBandwidthInput,
} from '@virtual-care/api';
import { JOIN_PROBLEMS, type JoinErrorKind } from '../../../i18n';
import { getServices } from '../../../server/composition';
import { JOIN_COOKIE, JOIN_COOKIE_MAX_AGE } from './join-cookie';

export { JOIN_COOKIE } from './join-cookie';
export type { JoinStatus } from '@virtual-care/api';

/** The caller's X-Request-Id when it sent a sane one (a proxy's), else a new id: it ties the logs together. */
export function requestIdOf(headers: Headers): string {
  const given = headers.get('x-request-id');
  return given && /^[\w.:-]{1,128}$/.test(given) ? given : newUlid();
}

/** The join feature's own functions (the token is the credential: no sign-in, no tRPC caller in between). */
export const join = {
  validate: (token: string) => validateJoinLink(services(), token),
  enter: (input: EnterJoinInput) => enterJoin(services(), input),
  heartbeat: (token: string) => joinHeartbeat(services(), token),
  status: (token: string) => readJoinStatus(services(), token),
  bandwidth: (token: string, input: JoinBandwidthInput) =>
    joinBandwidthProfile(services(), token, input),
};

function services(): ApiServices {
  return getServices().virtualCare;
}

/**
 * A join call counted against the caller's address (decision 0035): the request itself, and the token when it is
 * refused as not ours. Throws RateLimitedError past a limit (tooManyRequestsResponse answers it).
 */
export async function limitedJoinCall<T>(request: Request, call: () => Promise<T>): Promise<T> {
  const limits = services().rateLimits;
  const address = clientAddressOf(request.headers, limits.trustedProxyHops);
  await limits.request(address);
  return countingRefusedJoinTokens(limits, address, call);
}

/** 429 `TOO_MANY_REQUESTS` with Retry-After for an error of limitedJoinCall's limits; null for any other error. */
export function tooManyRequestsResponse(error: unknown): Response | null {
  const limited = rateLimitedErrorOf(error);
  if (!limited) return null;
  return jsonResponse(renderError(limited).body, 429, rateLimitHeaders(limited));
}

/**
 * The patient sees only "the visit service is busy" for an error that is not one of the join link's own
 * answers (expired, cancelled, ...): so it is logged here, with the request id the page shows, never the token.
 * Logs nothing for the expected answers. Returns the kind page the error leads to.
 */
export function joinProblemOf(error: unknown, requestId: string, route: string): JoinErrorKind {
  if (closedSessionOf(error)?.reason === 'no_show') return 'missed';
  const code = errorCodeOf(error);
  const kind = errorKindFor(code);
  if (kind === 'unavailable') {
    const fields = { err: error, code, route, requestId };
    try {
      getServices().logger.error(fields, 'join_unavailable');
    } catch {
      // The services themselves could not be built (a bad setting): say so where the operator looks.
      console.error(
        JSON.stringify({
          level: 'error',
          msg: 'join_unavailable',
          code,
          route,
          requestId,
          error: String(error),
        }),
      );
    }
  }
  return kind;
}

/** The spec code of an error, as every other way in would answer it ('INTERNAL' when it is not one of ours). */
export function errorCodeOf(error: unknown): string {
  return renderError(error).body.code;
}

/**
 * The session's status when a join was refused because the session is closed (INVALID_STATUS_TRANSITION with
 * `details.currentStatus`), and `no_show` when it was cancelled because the patient never came; else null. Only
 * these: nothing else of the error reaches the patient.
 */
export function closedSessionOf(
  error: unknown,
): { status: string; reason: 'no_show' | null } | null {
  const { body } = renderError(error);
  if (body.code !== 'INVALID_STATUS_TRANSITION') return null;
  const details = body.details as { currentStatus?: unknown; reason?: unknown } | null;
  if (typeof details?.currentStatus !== 'string') return null;
  return { status: details.currentStatus, reason: details.reason === 'no_show' ? 'no_show' : null };
}

/** The kind page each of the join link's own refusals leads to (the spec's meaning, in the patient's words). */
const KIND_BY_CODE = {
  TOKEN_EXPIRED: 'expired',
  INVALID_STATUS_TRANSITION: 'cancelled',
  TOKEN_NOT_YET_VALID: 'notYet',
  PARTICIPANT_REMOVED: 'removed',
  TOKEN_INVALID: 'invalid',
  NOT_FOUND: 'invalid',
  VALIDATION_FAILED: 'invalid',
} as const satisfies Partial<Record<ApiErrorCode, JoinErrorKind>>;

/** Which kind page a code leads to; anything else is "the visit service is busy". */
function errorKindFor(code: string): JoinErrorKind {
  return Object.hasOwn(KIND_BY_CODE, code)
    ? KIND_BY_CODE[code as keyof typeof KIND_BY_CODE]
    : 'unavailable';
}

export function isJoinErrorKind(value: unknown): value is JoinErrorKind {
  return typeof value === 'string' && (JOIN_PROBLEMS as readonly string[]).includes(value);
}

/** Headers of every join response: never cached, never leaked through Referer. */
export const JOIN_RESPONSE_HEADERS = {
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
} as const;

export function isSecureRequest(request: Request): boolean {
  const forwarded = request.headers.get('x-forwarded-proto');
  if (forwarded) return forwarded.split(',')[0]?.trim() === 'https';
  return new URL(request.url).protocol === 'https:';
}

export function joinCookie(token: string, secure: boolean): string {
  return [
    `${JOIN_COOKIE}=${encodeURIComponent(token)}`,
    'Path=/join',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${JOIN_COOKIE_MAX_AGE}`,
    secure ? 'Secure' : null,
  ]
    .filter(Boolean)
    .join('; ');
}

export function clearJoinCookie(secure: boolean): string {
  return [
    `${JOIN_COOKIE}=`,
    'Path=/join',
    'HttpOnly',
    'SameSite=Strict',
    'Max-Age=0',
    secure ? 'Secure' : null,
  ]
    .filter(Boolean)
    .join('; ');
}

/** The token from the request's cookie, or null. */
export function tokenFromRequest(request: Request): string | null {
  const header = request.headers.get('cookie');
  if (!header) return null;
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === JOIN_COOKIE) {
      try {
        const value = decodeURIComponent(rest.join('='));
        return value.length > 0 ? value : null;
      } catch {
        return null;
      }
    }
  }
  return null;
}

/** A relative redirect (303: the browser follows with GET), so no host header is trusted to build it. */
export function seeOther(location: string, extraHeaders: Record<string, string> = {}): Response {
  return new Response(null, {
    status: 303,
    headers: { Location: location, ...JOIN_RESPONSE_HEADERS, ...extraHeaders },
  });
}

export function jsonResponse(
  body: unknown,
  status = 200,
  extraHeaders: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      ...JOIN_RESPONSE_HEADERS,
      ...extraHeaders,
    },
  });
}

/** No join cookie (expired or never set): the page asks the patient to open their link again. */
export function missingTokenResponse(): Response {
  return jsonResponse({ problem: 'missing' }, 401);
}

/**
 * A join procedure's refusal: the kind page it leads to and the spec code, never the message or details, under the
 * code's own status from the one error table (400 for bad input, 401 for an expired link, 503 when busy, ...).
 */
export function refusalResponse(error: unknown, requestId: string, route: string): Response {
  const problem = joinProblemOf(error, requestId, route);
  const { httpStatus, body } = renderError(error);
  return jsonResponse({ problem, code: body.code, requestId }, httpStatus);
}

/** A plain HTML form's post (the page's script had not run yet): it is answered with a page, not JSON. */
export function isFormPost(request: Request): boolean {
  return (
    request.headers.get('content-type')?.startsWith('application/x-www-form-urlencoded') ?? false
  );
}

/**
 * The frame of a join route a plain form posts to: like answerWithJoinToken, but the browser is sent on (303) to
 * /join once `act` is done, or to the kind page of a refusal (the busy page, with its reference, when over a limit).
 */
export async function seeOtherWithJoinToken(
  request: Request,
  route: string,
  act: (token: string) => Promise<unknown>,
): Promise<Response> {
  const token = tokenFromRequest(request);
  if (!token) return seeOther('/join');
  const requestId = requestIdOf(request.headers);
  try {
    await limitedJoinCall(request, () => act(token));
    return seeOther('/join');
  } catch (error) {
    const kind = tooManyRequestsResponse(error)
      ? 'unavailable'
      : joinProblemOf(error, requestId, route);
    const reference = kind === 'unavailable' ? `&ref=${encodeURIComponent(requestId)}` : '';
    return seeOther(`/join?problem=${kind}${reference}`);
  }
}

/**
 * The frame of a join route: the token from the signed cookie (401 without one), the request id, and any refusal
 * answered like every join route. `answer` gets the token and answers the body (200).
 */
export async function answerWithJoinToken(
  request: Request,
  route: string,
  answer: (token: string, requestId: string) => Promise<unknown>,
): Promise<Response> {
  const token = tokenFromRequest(request);
  if (!token) return missingTokenResponse();
  const requestId = requestIdOf(request.headers);
  try {
    return jsonResponse(await limitedJoinCall(request, () => answer(token, requestId)));
  } catch (error) {
    return tooManyRequestsResponse(error) ?? refusalResponse(error, requestId, route);
  }
}
