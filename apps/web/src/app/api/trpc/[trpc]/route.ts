import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter, createContext, crossSiteRefusal } from '@virtual-care/api';
import { getServices } from '../../../../server/composition';
import { getLiveEvents } from '../../../../server/nats-connection';
import { getRequestClaims } from '../../../../server/session';

async function handler(request: Request): Promise<Response> {
  // A mutation on the sign-in cookie from another site is refused before any procedure runs.
  const refused = crossSiteRefusal(request, getServices().virtualCare.config.publicBaseUrl);
  if (refused) return refused;
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req: request,
    router: appRouter,
    // A bearer token (typed clients) or the sign-in cookie (pages); a request id ties the logs together.
    // liveEvents: the process's NATS connection for live subscriptions (null without NATS_URL).
    createContext: async () =>
      createContext(await getRequestClaims(request), {
        services: getServices().virtualCare,
        requestId: request.headers.get('x-request-id') ?? undefined,
        liveEvents: getLiveEvents(),
      }),
    onError({ error, path, ctx }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') {
        getServices().logger.error(
          { err: error.cause ?? error, path, requestId: ctx?.requestId },
          'trpc_internal_error',
        );
      }
    },
  });
}

export { handler as GET, handler as POST };
