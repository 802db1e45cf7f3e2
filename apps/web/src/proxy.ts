import { crossSiteRefusal } from '@virtual-care/api';
import { NextResponse, type NextRequest } from 'next/server';
import { getEnv } from './env';
import { getServices } from './server/composition';
import { newNonce, pagePolicy } from './server/content-security-policy';
import { permissionsPolicy } from './server/permissions-policy';
import { builtStylesheetHashes } from './server/stylesheet-hashes';
import { videoOriginFor } from './server/video-origin';

/** The pages that embed the visit's video: the patient's join page, and every clinician page, since the visit
 * room is reached by client-side navigation too (one-click admit from the dashboard), which keeps the first
 * page's document and its headers. */
const embedsVideo = (pathname: string) =>
  pathname === '/join' || pathname === '/clinician' || pathname.startsWith('/clinician/');

/**
 * Every page gets its own Content-Security-Policy with a fresh nonce (Next.js reads it from the request's
 * header and puts it on its scripts; our own HTML reads `x-nonce`). The pages that embed the video delegate
 * camera, microphone, screen sharing, fullscreen and autoplay to their tenant's video origin, and frame and
 * load scripts from it, and from nowhere else (every other page keeps next.config's Permissions-Policy).
 */
export async function proxy(request: NextRequest): Promise<Response> {
  const { pathname } = request.nextUrl;
  const services = getServices().virtualCare;
  // The patient's join routes act on the join cookie: a change from another site is refused here, for all of them.
  if (pathname.startsWith('/join/api/')) {
    return crossSiteRefusal(request, services.config.publicBaseUrl) ?? NextResponse.next();
  }
  const videoOrigin = embedsVideo(pathname) ? await videoOriginFor(request) : null;
  const nonce = newNonce();
  const policy = pagePolicy({
    nonce,
    videoOrigin,
    https: services.config.publicBaseUrl.startsWith('https:'),
    development: getEnv().nodeEnv === 'development',
    stylesheetHashes: builtStylesheetHashes(),
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', policy);
  if (embedsVideo(pathname)) {
    response.headers.set('Permissions-Policy', permissionsPolicy(videoOrigin));
  }
  return response;
}

export const config = {
  // Pages only: not the API, Next's own files or anything with a file extension (scripts, icons, the manifest).
  matcher: ['/join/api/:path*', '/((?!api/|_next/|.*\\.[a-z0-9]+$).*)'],
};
