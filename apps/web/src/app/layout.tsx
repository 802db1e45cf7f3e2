import '@virtual-care/ui/styles.css';
import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';

export const metadata: Metadata = {
  title: { default: 'Virtual Care', template: '%s · Virtual Care' },
  description: 'Video visits, waiting room and follow-up for your clinic.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1, themeColor: '#0f766e' };

// lang/dir are per page once Dari (fa-AF, rtl) arrives; the CSS already mirrors under dir="rtl".
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" dir="ltr">
      <body>{children}</body>
    </html>
  );
}
