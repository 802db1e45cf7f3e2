/**
 * The app's languages, for server and client code alike. Messages live in apps/web/messages/<locale>.json,
 * namespaced by screen; next-intl serves them:
 * - server components, metadata, server actions: `const t = await getTranslations('admin')` (next-intl/server);
 * - client components under a NextIntlClientProvider (the signed-in areas get one from AreaShell, see
 *   ./client-provider): `const t = useTranslations('admin')` (next-intl);
 * - the patient's join page keeps next-intl's runtime out of its JavaScript: see ./compiled.
 * Dates and numbers: ./format.
 */
export * from './locales';
export * from './format';
export type { Messages, Namespace } from './messages';

/**
 * The kind pages of the patient's join link (the join server maps error codes to these). `missed`: the visit
 * was cancelled as a no-show.
 */
export const JOIN_PROBLEMS = [
  'expired',
  'cancelled',
  'missed',
  'invalid',
  'notYet',
  'removed',
  'unavailable',
  'missing',
] as const;
export type JoinErrorKind = (typeof JOIN_PROBLEMS)[number];
