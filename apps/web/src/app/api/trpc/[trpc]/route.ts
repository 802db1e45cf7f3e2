import { createTrpcHandler } from '@virtual-care/api';
import { getServices } from '../../../../server/composition';
import { getLiveEvents } from '../../../../server/nats-connection';
import { getRequestClaims } from '../../../../server/session';

let handler: ((request: Request) => Promise<Response>) | null = null;

/**
 * The tRPC face: a bearer token (typed clients) or the sign-in cookie (pages); cross-site cookie mutations, rate
 * limits, body and batch limits are the handler's (packages/api, decision 0035); liveEvents: the process's NATS
 * connection for live subscriptions (null without NATS_URL).
 */
function trpc(request: Request): Promise<Response> {
  handler ??= createTrpcHandler({
    services: getServices().virtualCare,
    authenticate: getRequestClaims,
    liveEvents: getLiveEvents,
    onInternalError: (error, path, requestId) =>
      getServices().logger.error({ err: error, path, requestId }, 'trpc_internal_error'),
  });
  return handler(request);
}

export { trpc as GET, trpc as POST };
