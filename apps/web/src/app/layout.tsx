import '@virtual-care/ui/styles.css';
import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';

export const metadata: Metadata = {
  title: { default: 'Virtual Care', template: '%s · Virtual Care' },
  description: 'Video visits, waiting room and follow-up for your clinic.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1, themeColor: '#0f766e' };

// The patient pages (/join) switch lang/dir to the patient's language (Dari is fa-AF, rtl) before first
// paint; the attributes may therefore differ from the server's at hydration.
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" dir="ltr" suppressHydrationWarning>
      <body>{children}</body>
    </html>
  );
}
