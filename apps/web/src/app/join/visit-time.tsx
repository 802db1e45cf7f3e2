'use client';

import { useSyncExternalStore } from 'react';
import { formatDate, type Locale } from '../../i18n';

const subscribeNothing = () => () => undefined;
/** True in the browser after hydration, false on the server and while hydrating (no effect + setState needed). */
export function useIsClient(): boolean {
  return useSyncExternalStore(
    subscribeNothing,
    () => true,
    () => false,
  );
}

/**
 * The visit time in the patient's language (Solar Hijri in Dari and Pashto). The server's text (in the clinic's
 * time zone) is shown first and while hydrating, so nothing mismatches; then the phone's own time zone.
 */
export function VisitTime({
  iso,
  locale,
  serverText,
}: {
  iso: string;
  locale: Locale;
  serverText: string;
}) {
  const client = useIsClient();
  return <time dateTime={iso}>{client ? formatDate(iso, locale, 'dateTime') : serverText}</time>;
}
