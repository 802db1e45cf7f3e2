import { crossSiteRefusal } from '@virtual-care/api';
import { NextResponse, type NextRequest } from 'next/server';
import { getServices } from './server/composition';
import { permissionsPolicy } from './server/permissions-policy';
import { videoOriginFor } from './server/video-origin';

/**
 * The pages that embed the visit's video delegate camera, microphone, screen sharing, fullscreen and autoplay to
 * their tenant's video origin, and to it only (every other page keeps next.config's policy): the patient's join
 * page, and every clinician page, since the visit room is reached by client-side navigation too (one-click admit
 * from the dashboard), which keeps the first page's document and its policy.
 */
export async function proxy(request: NextRequest): Promise<Response> {
  // The patient's join routes act on the join cookie: a change from another site is refused here, for all of them.
  if (request.nextUrl.pathname.startsWith('/join/api/')) {
    return (
      crossSiteRefusal(request, getServices().virtualCare.config.publicBaseUrl) ??
      NextResponse.next()
    );
  }
  const response = NextResponse.next();
  response.headers.set('Permissions-Policy', permissionsPolicy(await videoOriginFor(request)));
  return response;
}

export const config = {
  matcher: ['/join', '/join/api/:path*', '/clinician', '/clinician/:path*'],
};
