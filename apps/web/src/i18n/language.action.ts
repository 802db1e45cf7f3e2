'use server';

import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { getEnv } from '../env';
import { safeCallbackUrl } from '../server/safe-callback-url';
import { isLocale, LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE } from './locales';

/**
 * The language switch of the signed-in areas and the sign-in page (the patient's join page posts to
 * /join/api/language instead, same cookie). A form posting to a server action: it works without JavaScript.
 * Goes back to the page it came from (its Referer, our own origin only), so the whole page comes back in the
 * new language, <html lang dir> included.
 */
export async function setLanguageAction(form: FormData): Promise<void> {
  const locale = form.get('locale');
  const back = backTo((await headers()).get('referer'));
  if (isLocale(locale)) {
    (await cookies()).set(LOCALE_COOKIE, locale, {
      path: '/',
      sameSite: 'lax',
      maxAge: LOCALE_COOKIE_MAX_AGE,
      secure: getEnv().nextAuthUrl.startsWith('https://'),
    });
  }
  redirect(back);
}

/** The page the switch was on: only its path and query, so the redirect can never leave our origin. */
function backTo(referer: string | null): string {
  if (!referer) return '/';
  try {
    const url = new URL(referer);
    return safeCallbackUrl(`${url.pathname}${url.search}`);
  } catch {
    return '/';
  }
}
