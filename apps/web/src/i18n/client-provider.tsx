import { NextIntlClientProvider } from 'next-intl';
import { getMessages } from 'next-intl/server';
import type { ReactNode } from 'react';
import { pickNamespaces, type Namespace } from './messages';

/**
 * next-intl for the client components below it, with only the namespaces they use (the whole catalogue
 * would travel with every page otherwise). A server component: `useTranslations('admin')` then works in
 * any client component inside it. AreaShell puts one around every signed-in page.
 */
export async function IntlClientProvider({
  namespaces,
  children,
}: {
  namespaces: readonly Namespace[];
  children: ReactNode;
}) {
  const messages = await getMessages();
  return (
    <NextIntlClientProvider messages={pickNamespaces(messages, namespaces)}>
      {children}
    </NextIntlClientProvider>
  );
}
