import { createOpenApiNodeHttpHandler } from 'trpc-to-openapi';
import type { ApiServices } from '../../composition/services';
import { createContext, type Context, type SessionClaims } from '../context';
import { strictInputRouter } from './strict-input-router';
import { openApiDocument } from './openapi-document';
import { referencePage } from './reference-page';
import { JOIN_LINK_PATH, validateJoinLinkRoute } from '../../features/join/join-link.route';
import { restError } from './rest-error';
import { idempotencyKeyOf } from './idempotency-key';
import { assertSameOriginMutation } from '../same-origin';
import { requestIdFrom } from '../request-id';
import { clientAddressOf, countingRefusedJoinTokens, rateLimitHeaders } from '../rate-limit';
import { readBodyWithin } from '../bounded-body';

export const REST_ENDPOINT = '/api/v1/virtual-care';

export interface RestHandlerOptions {
  /** Who is calling: a verified bearer token or the browser's session; null = anonymous. */
  authenticate(request: Request): Promise<SessionClaims | null>;
  /** The process's services, from the app's composition root. */
  services: ApiServices;
  /** Base of the REST face as mounted (default /api/v1/virtual-care). */
  endpoint?: `/${string}`;
  /** Public URL the OpenAPI document names as its server. */
  publicBaseUrl?: string;
  /** Called for 5xx answers (log them; the client sees the message withheld). */
  onInternalError?(error: unknown, path: string | undefined, requestId: string): void;
  /** Default: API_MAX_BODY_BYTES. */
  maxBodyBytes?: number;
}

interface CallState {
  original: Request;
  requestId: string;
  idempotencyKey: string | null;
  clientAddress: string | null;
  error?: unknown;
  path?: string;
}

const STATE = Symbol('virtual-care.rest-call');
const SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};
const CREATED = new Set(['sessions.create']);

/**
 * The REST face of the tRPC procedures (trpc-to-openapi's node core, built once instead of per request), with every
 * error answered as `{ code, message, details }` under the spec's code and the domain's HTTP status. Serves
 * `GET {endpoint}/openapi.json` and a reference page at `GET {endpoint}/docs` too.
 */
export function createRestHandler(
  options: RestHandlerOptions,
): (request: Request) => Promise<Response> {
  const endpoint = options.endpoint ?? REST_ENDPOINT;
  const maxBodyBytes = options.maxBodyBytes ?? options.services.config.maxBodyBytes;
  const limits = options.services.rateLimits;
  let document: string | null = null;

  const core = createOpenApiNodeHttpHandler({
    router: strictInputRouter,
    createContext: async ({ req }): Promise<Context> => {
      const state = stateOf(req);
      const claims = await options.authenticate(state.original);
      return createContext(claims, {
        services: options.services,
        requestId: state.requestId,
        idempotencyKey: state.idempotencyKey,
        clientAddress: state.clientAddress,
      });
    },
    responseMeta: ({ paths, errors, ctx }) => {
      if (errors.length > 0) return {};
      // The procedure's own word (e.g. 201 created vs 200 replayed) wins over the fixed table.
      const decided = (ctx as Context | undefined)?.reply.status ?? null;
      const status = decided ?? (paths?.[0] && CREATED.has(paths[0]) ? 201 : null);
      return status ? { status } : {};
    },
    onError: ({ error, path, req }) => {
      const state = stateOf(req);
      state.error = error;
      state.path = path;
    },
  });

  const failure = (error: unknown, path: string | undefined, requestId: string): Response => {
    const mapped = restError(error);
    if (mapped.status >= 500) options.onInternalError?.(error, path, requestId);
    return errorResponse(mapped.status, mapped.body, requestId, rateLimitHeaders(error));
  };

  return async (request) => {
    const requestId = requestIdFrom(request.headers.get('x-request-id'));
    const url = new URL(request.url);
    const path = url.pathname.startsWith(endpoint)
      ? url.pathname.slice(endpoint.length) || '/'
      : url.pathname;
    if (request.method === 'GET' && path === '/openapi.json') {
      document ??= JSON.stringify(
        openApiDocument(`${options.publicBaseUrl ?? url.origin}${endpoint}`),
      );
      return new Response(document, {
        headers: { 'content-type': 'application/json', 'cache-control': 'public, max-age=300' },
      });
    }
    if (request.method === 'GET' && path === '/docs') {
      const page = referencePage(`${endpoint}/openapi.json`);
      return new Response(page.html, {
        headers: {
          'content-type': 'text/html; charset=utf-8',
          'content-security-policy': page.contentSecurityPolicy,
        },
      });
    }
    const address = clientAddressOf(request.headers, limits.trustedProxyHops);
    try {
      await limits.request(address);
    } catch (error) {
      return failure(error, undefined, requestId);
    }
    if (request.method === 'GET' && path === JOIN_LINK_PATH) {
      try {
        const validation = await countingRefusedJoinTokens(limits, address, () =>
          validateJoinLinkRoute(options.services, url.searchParams),
        );
        return jsonResponse(200, JSON.stringify(validation), requestId);
      } catch (error) {
        return failure(error, 'join.validate', requestId);
      }
    }
    // Refused before the body is read: a change from another site, a key that could not be honoured.
    let key: string | null;
    try {
      assertSameOriginMutation(request, options.services.config.publicBaseUrl);
      key = idempotencyKeyOf(request);
    } catch (error) {
      return failure(error, undefined, requestId);
    }
    const body = await readBody(request, maxBodyBytes);
    if (!body.ok) return errorResponse(body.status, body.body, requestId);
    const state: CallState = {
      original: request,
      requestId,
      idempotencyKey: key,
      clientAddress: address,
    };
    const innerUrl = `${url.origin}${path}${url.search}`;
    const headers = jsonBodyHeaders(request);
    // The caller's own Request seen through a proxy (building a new one costs more than the rest of a cheap call):
    // the path below the endpoint, the body already parsed, and this call's state for createContext and onError.
    const proxied = new Proxy(request, {
      get(target, prop) {
        if (prop === 'url') return innerUrl;
        if (prop === 'body') return body.value;
        if (prop === 'headers') return headers;
        if (prop === STATE) return state;
        return Reflect.get(target, prop, target) as unknown;
      },
    });
    const reply = await runCore(core, proxied);
    if (reply.status < 400) return jsonResponse(reply.status, reply.body, requestId);
    return failure(state.error, state.path, requestId);
  };
}

function jsonResponse(status: number, body: string, requestId: string): Response {
  return new Response(body, {
    status,
    headers: { ...SECURITY_HEADERS, 'content-type': 'application/json', 'x-request-id': requestId },
  });
}

function stateOf(req: unknown): CallState {
  return (req as { [STATE]: CallState })[STATE];
}

type CoreHandler = ReturnType<typeof createOpenApiNodeHttpHandler>;

function runCore(core: CoreHandler, req: Request): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    let statusCode = 200;
    const res = {
      setHeader: () => res,
      getHeader: () => undefined,
      get statusCode() {
        return statusCode;
      },
      set statusCode(code: number) {
        statusCode = code;
      },
      end: (chunk?: string) => resolve({ status: statusCode, body: chunk ?? '' }),
    };
    (core as (req: unknown, res: unknown) => Promise<void>)(req, res).catch(reject);
  });
}

type BodyResult =
  | { ok: true; value: unknown }
  | { ok: false; status: number; body: { code: string; message: string; details: null } };

async function readBody(request: Request, limit: number): Promise<BodyResult> {
  if (!hasBody(request.method)) return { ok: true, value: undefined };
  const tooLarge: BodyResult = {
    ok: false,
    status: 413,
    body: { code: 'PAYLOAD_TOO_LARGE', message: `The body exceeds ${limit} bytes`, details: null },
  };
  const text = await readBodyWithin(request, limit);
  if (text === null) return tooLarge;
  if (text.trim() === '') return { ok: true, value: {} };
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) {
    return {
      ok: false,
      status: 415,
      body: {
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: 'Send the body as application/json',
        details: null,
      },
    };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return {
      ok: false,
      status: 400,
      body: {
        code: 'VALIDATION_FAILED',
        message: 'The request body is not valid JSON',
        details: null,
      },
    };
  }
}

/** trpc-to-openapi takes a body only under `application/json`; ours was parsed already from any JSON type. */
function jsonBodyHeaders(request: Request): Headers {
  const type = request.headers.get('content-type');
  if (!hasBody(request.method) || type?.startsWith('application/json')) return request.headers;
  const headers = new Headers(request.headers);
  headers.set('content-type', 'application/json');
  return headers;
}

function hasBody(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD' && method !== 'DELETE';
}

function errorResponse(
  status: number,
  body: unknown,
  requestId: string,
  headers: Record<string, string> = {},
): Response {
  const response = jsonResponse(status, JSON.stringify(body), requestId);
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}
