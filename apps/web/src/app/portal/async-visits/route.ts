import { cookies, headers } from 'next/headers';
import { LOCALE_COOKIE, pickLocale } from '../../../i18n';
import { loadMessages } from '../../../i18n/messages';
import { renderShell } from './shell';
import { SHELL_STYLES } from './shell-styles';

/**
 * GET /portal/async-visits: the patient's async-visit page (US-013), in the patient's language. Open to anyone:
 * it carries no data, drafting needs no connection and no account, and sending asks the API, which wants the
 * patient signed in (the page says so when it is not). `no-cache`: the browser asks again each time it is online,
 * and the service worker answers it offline.
 */
export async function GET(): Promise<Response> {
  const request = await headers();
  const locale = pickLocale(
    (await cookies()).get(LOCALE_COOKIE)?.value,
    request.get('accept-language'),
  );
  const messages = (await loadMessages(locale)).asyncVisitApp;
  return new Response(renderShell(locale, messages, SHELL_STYLES, request.get('x-nonce') ?? ''), {
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-cache',
      'Content-Language': locale,
      Vary: 'Cookie, Accept-Language',
    },
  });
}
