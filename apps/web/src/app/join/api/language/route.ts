import { isLocale, LOCALE_COOKIE } from '../../../../i18n/locales';
import { isJoinErrorKind, isSecureRequest, seeOther } from '../../_lib/join-server';

export const dynamic = 'force-dynamic';

/** POST /join/api/language (form: locale): remembers the patient's language and goes back to /join. */
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
    `Max-Age=${365 * 24 * 60 * 60}`,
    isSecureRequest(request) ? 'Secure' : null,
  ]
    .filter(Boolean)
    .join('; ');
  return seeOther(back, { 'Set-Cookie': cookie });
}
