import '@virtual-care/ui/styles.css';
import type { Metadata, Viewport } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { directionOf } from '../i18n';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('common');
  return {
    title: { default: t('productName'), template: `%s · ${t('productName')}` },
    description: t('productDescription'),
  };
}

export const viewport: Viewport = { width: 'device-width', initialScale: 1, themeColor: '#0f766e' };

/**
 * Every page's language and direction come from the request (the vc-lang cookie, else Accept-Language, see
 * src/i18n/request.ts), so <html lang dir> is right in the first byte: Dari and Pashto are right to left.
 * No client provider here: each area passes its client components only the messages they use.
 */
export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getLocale();
  return (
    <html lang={locale} dir={directionOf(locale)}>
      <body>{children}</body>
    </html>
  );
}
