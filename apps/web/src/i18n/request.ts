import { getRequestConfig } from 'next-intl/server';
import { cookies, headers } from 'next/headers';
import { SERVER_TIME_ZONE } from './format';
import { LOCALE_COOKIE, pickLocale, type Locale } from './locales';
import { loadMessages } from './messages';

/** The request's language: the `vc-lang` cookie, else Accept-Language, else English (see pickLocale). */
export async function requestLocale(): Promise<Locale> {
  const [cookieStore, headerList] = await Promise.all([cookies(), headers()]);
  return pickLocale(cookieStore.get(LOCALE_COOKIE)?.value, headerList.get('accept-language'));
}

/**
 * next-intl's request configuration ("without i18n routing": no locale in the URL). Found by the plugin in
 * next.config.ts; every getTranslations / getLocale / getMessages on the server reads it, once per request.
 */
export default getRequestConfig(async () => {
  const locale = await requestLocale();
  return { locale, messages: await loadMessages(locale), timeZone: SERVER_TIME_ZONE };
});
