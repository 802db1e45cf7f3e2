import { getEnv } from '../env';

/** Eight hours: one clinical shift, then sign in again. */
export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

/**
 * The session cookie, named once here and given to next-auth, so the sign-in
 * server action and next-auth read and write the same cookie.
 */
export function sessionCookie() {
  const secure = getEnv().nextAuthUrl.startsWith('https://');
  return {
    name: `${secure ? '__Secure-' : ''}vc.session-token`,
    options: { httpOnly: true, sameSite: 'lax' as const, path: '/', secure },
  };
}
