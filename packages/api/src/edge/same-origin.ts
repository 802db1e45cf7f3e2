import { DomainError } from '@virtual-care/domain';
import { restError } from './rest/rest-error';

const MUTATIONS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Refuses a state-changing request that rides on a cookie (the sign-in session, the patient's join link) unless it
 * comes from the app's own pages: SameSite and the content type alone let a sibling site or an old browser through.
 * Same-origin means `Origin` is the public origin (`publicBaseUrl`) or the request's own (the browser sets Host),
 * or, without a usable `Origin`, `Sec-Fetch-Site: same-origin` (see isSameOrigin). Bearer-token calls carry no ambient credential and pass, as
 * do calls without any cookie (they are anonymous and answered 401 further on).
 */
export function assertSameOriginMutation(request: Request, publicBaseUrl: string): void {
  if (!MUTATIONS.has(request.method.toUpperCase())) return;
  if (request.headers.get('authorization') || !request.headers.get('cookie')) return;
  if (isSameOrigin(request, publicBaseUrl)) return;
  throw new DomainError(
    'FORBIDDEN',
    'This change must come from the Virtual Care app itself: a request from another site is refused',
  );
}

/** The same check for a way in that answers itself: a 403 `{ code, message, details }`, or null to go on. */
export function crossSiteRefusal(request: Request, publicBaseUrl: string): Response | null {
  try {
    assertSameOriginMutation(request, publicBaseUrl);
    return null;
  } catch (error) {
    const { status, body } = restError(error);
    return new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
    });
  }
}

/**
 * A page with `Referrer-Policy: no-referrer` (the join pages, the async-visit page) makes the browser send
 * `Origin: null`, so then Fetch Metadata decides. A request with neither (a browser older than Sec-Fetch-Site, or
 * no browser at all) passes, as the Fetch Metadata guidance advises: a cross-site page in such a browser gets no
 * SameSite=Lax or Strict cookie to ride on.
 */
function isSameOrigin(request: Request, publicBaseUrl: string): boolean {
  const origin = request.headers.get('origin');
  if (origin !== null && origin !== 'null')
    return origin === originOf(publicBaseUrl) || origin === originOf(request.url);
  const site = request.headers.get('sec-fetch-site');
  return site === null || site === 'same-origin';
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
