import { NextResponse, type NextRequest } from 'next/server';
import { permissionsPolicy } from './server/permissions-policy';
import { videoOriginFor } from './server/video-origin';

/**
 * The two pages that embed the visit's video delegate camera, microphone, screen sharing, fullscreen and
 * autoplay to their tenant's video origin, and to it only (every other page keeps next.config's policy).
 */
export async function proxy(request: NextRequest): Promise<NextResponse> {
  const response = NextResponse.next();
  response.headers.set('Permissions-Policy', permissionsPolicy(await videoOriginFor(request)));
  return response;
}

export const config = { matcher: ['/join', '/clinician/sessions/:id'] };
