import { isLocale, LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE } from '../../../../i18n/locales';
import { isJoinErrorKind, isSecureRequest, seeOther } from '../../_lib/join-server';

export const dynamic = 'force-dynamic';

/**
 * POST /join/api/language (form: locale, optional problem): remembers the patient's language (the same vc-lang
 * cookie as every other page) and goes back to /join. A plain form post: it works without JavaScript.
 */
export async function POST(request: Request): Promise<Response> {
  const form = await request.formData().catch(() => null);
  const locale = form?.get('locale');
  const problem = form?.get('problem');
  const back = isJoinErrorKind(problem) ? `/join?problem=${problem}` : '/join';
  if (!isLocale(locale)) return seeOther(back);
  const cookie = [
    `${LOCALE_COOKIE}=${locale}`,
    'Path=/',
    'SameSite=Lax',
    `Max-Age=${LOCALE_COOKIE_MAX_AGE}`,
    isSecureRequest(request) ? 'Secure' : null,
  ]
    .filter(Boolean)
    .join('; ');
  return seeOther(back, { 'Set-Cookie': cookie });
}
