import type { Locale } from './locales';
import type en from '../../messages/en.json';

/** The message catalogue: one JSON file per language in apps/web/messages, namespaced by screen. */
export type Messages = typeof en;
export type Namespace = keyof Messages;

const CATALOGUES: Record<Locale, () => Promise<{ default: Messages }>> = {
  en: () => import('../../messages/en.json'),
  'fa-AF': () => import('../../messages/fa-AF.json'),
  'ps-AF': () => import('../../messages/ps-AF.json'),
};

export async function loadMessages(locale: Locale): Promise<Messages> {
  return (await CATALOGUES[locale]()).default;
}

/** Only the namespaces a client island needs: the rest of the catalogue stays on the server. */
export function pickNamespaces<N extends Namespace>(
  messages: Messages,
  namespaces: readonly N[],
): Pick<Messages, N> {
  const picked = {} as Pick<Messages, N>;
  for (const namespace of namespaces) picked[namespace] = messages[namespace];
  return picked;
}
