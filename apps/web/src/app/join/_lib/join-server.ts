import { TRPCError } from '@trpc/server';
import {
  appRouter,
  createCallerFactory,
  createContext,
  mapDomainError,
  newUlid,
} from '@virtual-care/api';
import { JOIN_PROBLEMS, type JoinErrorKind } from '../../../i18n';
import { getServices } from '../../../server/composition';
import { JOIN_COOKIE, JOIN_COOKIE_MAX_AGE } from './join-cookie';

export { JOIN_COOKIE } from './join-cookie';

type JoinCaller = ReturnType<typeof createCaller>['join'];
export type JoinStatus = Awaited<ReturnType<JoinCaller['status']>>;

const createCaller = createCallerFactory(appRouter);

/** The caller's X-Request-Id when it sent a sane one (a proxy's), else a new id: it ties the logs together. */
export function requestIdOf(headers: Headers): string {
  const given = headers.get('x-request-id');
  return given && /^[\w.:-]{1,128}$/.test(given) ? given : newUlid();
}

/** The join procedures are public: the token is the credential, so the caller has no session. */
export function joinProcedures(requestId: string): JoinCaller {
  return createCaller(createContext(null, { services: getServices().virtualCare, requestId })).join;
}

export function joinStatus(token: string, requestId: string): Promise<JoinStatus> {
  return joinProcedures(requestId).status({ token });
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
    const { cause } = domainErrorOf(error);
    const fields = { err: cause, code, route, requestId };
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
          error: String(cause),
        }),
      );
    }
  }
  return kind;
}

/** A procedure call's error unwrapped from tRPC, and the domain error it maps to (if it is one). */
function domainErrorOf(error: unknown) {
  const cause = error instanceof TRPCError ? error.cause : error;
  return { cause, mapped: mapDomainError(cause) };
}

/** The spec code of an error from a procedure call ('INTERNAL' when it is not one of ours). */
export function errorCodeOf(error: unknown): string {
  const { cause, mapped } = domainErrorOf(error);
  if (mapped) return mapped.code;
  if (
    cause &&
    typeof cause === 'object' &&
    'code' in cause &&
    typeof cause.code === 'string' &&
    /^[A-Z_]+$/.test(cause.code)
  ) {
    return cause.code;
  }
  if (error instanceof TRPCError) return error.code;
  return 'INTERNAL';
}

/**
 * The session's status when a procedure refused because the session is closed (INVALID_STATUS_TRANSITION with
 * `details.currentStatus`), and `no_show` when it was cancelled because the patient never came; else null. Only
 * these: nothing else of the error reaches the patient.
 */
export function closedSessionOf(
  error: unknown,
): { status: string; reason: 'no_show' | null } | null {
  const { mapped } = domainErrorOf(error);
  if (mapped?.code !== 'INVALID_STATUS_TRANSITION') return null;
  const details = mapped.details as { currentStatus?: unknown; reason?: unknown } | null;
  if (typeof details?.currentStatus !== 'string') return null;
  return { status: details.currentStatus, reason: details.reason === 'no_show' ? 'no_show' : null };
}

/** Which kind page a code leads to (the spec's meaning of each, in the patient's words). */
export function errorKindFor(code: string): JoinErrorKind {
  switch (code) {
    case 'TOKEN_EXPIRED':
      return 'expired';
    case 'INVALID_STATUS_TRANSITION':
      return 'cancelled';
    case 'TOKEN_NOT_YET_VALID':
      return 'notYet';
    case 'PARTICIPANT_REMOVED':
      return 'removed';
    case 'TOKEN_INVALID':
    case 'NOT_FOUND':
    case 'VALIDATION_FAILED':
    case 'BAD_REQUEST':
      return 'invalid';
    default:
      return 'unavailable';
  }
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

/** A join procedure's refusal: the kind page it leads to and the spec code, never the message or details. */
export function refusalResponse(error: unknown, requestId: string, route: string): Response {
  const problem = joinProblemOf(error, requestId, route);
  return jsonResponse({ problem, code: errorCodeOf(error), requestId }, 409);
}
