import { decode } from 'next-auth/jwt';
import type { NextRequest } from 'next/server';
import { JOIN_COOKIE } from '../app/join/_lib/join-cookie';
import { getEnv } from '../env';
import { sessionCookie } from './auth-cookies';
import { getServices } from './composition';
import { originOf } from './permissions-policy';
import { claimsFromToken } from './session-token';

/** The tenant of the patient's join cookie (its HMAC checked), or null. */
async function tenantOfJoinLink(request: NextRequest): Promise<string | null> {
  const token = request.cookies.get(JOIN_COOKIE)?.value;
  if (!token) return null;
  try {
    return (await getServices().virtualCare.deps.signer.verify(token)).tenantId;
  } catch {
    return null; // an expired or bad link shows its problem page: no video there
  }
}

/** The tenant of the signed-in staff member (the next-auth session cookie), or null. */
async function tenantOfSignIn(request: NextRequest): Promise<string | null> {
  const value = request.cookies.get(sessionCookie().name)?.value;
  if (!value) return null;
  try {
    return (
      claimsFromToken(await decode({ token: value, secret: getEnv().nextAuthSecret }))?.tenantId ??
      null
    );
  } catch {
    return null;
  }
}

/**
 * The origin of the video server the request's tenant has configured (the Jitsi server, or the local
 * stand-in), for the pages that embed the visit; null when the request has no tenant or none is set.
 */
export async function videoOriginFor(request: NextRequest): Promise<string | null> {
  const forPatient = request.nextUrl.pathname.startsWith('/join');
  const tenantId = forPatient ? await tenantOfJoinLink(request) : await tenantOfSignIn(request);
  if (!tenantId) return null;
  const config = await getServices().virtualCare.directory.videoConfig(tenantId);
  return originOf(config?.jitsiServerUrl);
}
