import { createRestHandler, REST_ENDPOINT } from '@virtual-care/api';
import { getServices } from '../../../../../server/composition';
import { getRequestClaims } from '../../../../../server/session';

export const dynamic = 'force-dynamic';

let handler: ((request: Request) => Promise<Response>) | null = null;

/**
 * The REST face of the session API (/api/v1/virtual-care/*), its OpenAPI document (openapi.json) and reference
 * page (docs). Callers send `Authorization: Bearer <JWT>`; a browser without one falls back to its sign-in session.
 */
function rest(request: Request): Promise<Response> {
  handler ??= createRestHandler({
    endpoint: REST_ENDPOINT,
    services: getServices().virtualCare,
    publicBaseUrl: getServices().virtualCare.config.publicBaseUrl,
    authenticate: getRequestClaims,
    onInternalError: (error, path, requestId) =>
      getServices().logger.error({ err: error, path, requestId }, 'rest_internal_error'),
  });
  return handler(request);
}

export { rest as GET, rest as POST, rest as PUT, rest as PATCH, rest as DELETE };
