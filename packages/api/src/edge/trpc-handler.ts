import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import type { LiveEvents } from '../adapters/nats-live-events.adapter';
import type { ApiServices } from '../composition/services';
import { appRouter } from './app.router';
import { createContext, type SessionClaims } from './context';
import { readBodyWithin } from './bounded-body';
import { clientAddressOf, rateLimitHeaders } from './rate-limit';
import { renderError } from './render-error';
import { crossSiteRefusal } from './same-origin';

export const TRPC_ENDPOINT = '/api/trpc';

export interface TrpcHandlerOptions {
  services: ApiServices;
  /** Who is calling: a bearer token or the sign-in cookie; null = anonymous. */
  authenticate(request: Request): Promise<SessionClaims | null>;
  /** The process's NATS connection for live subscriptions (null without NATS_URL). */
  liveEvents?: () => LiveEvents | null;
  /** Called for 500 answers (log them; the client sees the message withheld). */
  onInternalError?(error: unknown, path: string | undefined, requestId: string | undefined): void;
}

/**
 * The tRPC face (/api/trpc) as the web app mounts it. Before tRPC sees a request: a cookie mutation from another
 * site is refused, the caller's address is counted, and the body is read up to API_MAX_BODY_BYTES (413 past it,
 * without reading further); tRPC itself refuses a batch of more than TRPC_MAX_BATCH_SIZE calls (400). Every call of
 * a batch counts against its client's and tenant's limits (protectedProcedure); a 429 carries Retry-After.
 */
export function createTrpcHandler(
  options: TrpcHandlerOptions,
): (request: Request) => Promise<Response> {
  const { services } = options;
  const { config, rateLimits } = services;
  return async (request) => {
    const refused = crossSiteRefusal(request, config.publicBaseUrl);
    if (refused) return refused;
    const clientAddress = clientAddressOf(request.headers, rateLimits.trustedProxyHops);
    try {
      await rateLimits.request(clientAddress);
    } catch (error) {
      return errorAnswer(error);
    }
    let req = request;
    if (request.method === 'POST') {
      const body = await readBodyWithin(request, config.maxBodyBytes);
      if (body === null) return tooLarge(config.maxBodyBytes);
      req = new Request(request.url, { method: 'POST', headers: request.headers, body });
    }
    const requestId = request.headers.get('x-request-id') ?? undefined;
    return fetchRequestHandler({
      endpoint: TRPC_ENDPOINT,
      req,
      router: appRouter,
      maxBatchSize: config.trpcMaxBatchSize,
      createContext: async () =>
        createContext(await options.authenticate(request), {
          services,
          requestId,
          liveEvents: options.liveEvents?.() ?? null,
          clientAddress,
        }),
      responseMeta: ({ errors }) => {
        const headers = Object.assign({}, ...errors.map(rateLimitHeaders)) as Record<
          string,
          string
        >;
        return Object.keys(headers).length > 0 ? { headers } : {};
      },
      onError({ error, path, ctx }) {
        if (error.code === 'INTERNAL_SERVER_ERROR')
          options.onInternalError?.(error.cause ?? error, path, ctx?.requestId);
      },
    });
  };
}

function errorAnswer(error: unknown): Response {
  const { httpStatus, body } = renderError(error);
  return new Response(JSON.stringify(body), {
    status: httpStatus,
    headers: {
      'content-type': 'application/json',
      'cache-control': 'no-store',
      ...rateLimitHeaders(error),
    },
  });
}

function tooLarge(limit: number): Response {
  return new Response(
    JSON.stringify({
      code: 'PAYLOAD_TOO_LARGE',
      message: `The body exceeds ${limit} bytes`,
      details: null,
    }),
    { status: 413, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } },
  );
}
