import type { Role, SessionClaims } from '@virtual-care/api';
import { AppShell, type NavItem } from '@virtual-care/ui';
import { getLocale, getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import type { Namespace } from '../i18n';
import { IntlClientProvider } from '../i18n/client-provider';
import { setLanguageAction } from '../i18n/language.action';
import { LanguageSwitcher } from '../i18n/language-switcher';
import { SignOutButton } from './sign-out-button';

type Area = '/clinician' | '/admin/settings' | '/portal';

const AREAS: { role: Role; href: Area; label: 'clinician' | 'admin' | 'portal' }[] = [
  { role: 'clinician', href: '/clinician', label: 'clinician' },
  { role: 'tenant_admin', href: '/admin/settings', label: 'admin' },
  { role: 'patient', href: '/portal', label: 'portal' },
];

/** The messages each area's client components may use (`useTranslations`), and no others. */
const CLIENT_NAMESPACES: Record<Area, readonly Namespace[]> = {
  '/clinician': ['common', 'clinician', 'consent'],
  '/admin/settings': ['common', 'admin'],
  '/portal': ['common', 'portal', 'consent'],
};

/**
 * The signed-in frame: tenant name, a nav entry per area the user's roles open, the language choice, the user
 * and sign-out. Client components inside get next-intl with their area's namespaces.
 */
export async function AreaShell({
  session,
  current,
  children,
}: {
  session: SessionClaims;
  current: Area;
  children: ReactNode;
}) {
  const [locale, common, shell] = await Promise.all([
    getLocale(),
    getTranslations('common'),
    getTranslations('shell'),
  ]);
  const nav: NavItem[] = AREAS.filter((area) => session.roles.includes(area.role)).map((area) => ({
    href: area.href,
    label: shell(`nav.${area.label}`),
    current: area.href === current,
  }));
  return (
    <AppShell
      tenantName={session.tenantName}
      productName={common('productName')}
      navLabel={shell('navLabel')}
      skipLinkLabel={common('skipLink')}
      nav={nav}
      userArea={
        <>
          <LanguageSwitcher locale={locale} label={common('language')} action={setLanguageAction} />
          <span>
            <span className="vc-visually-hidden">{common('signedInAs')} </span>
            {session.user.name}
          </span>
          <SignOutButton label={common('signOut')} />
        </>
      }
    >
      <IntlClientProvider namespaces={CLIENT_NAMESPACES[current]}>{children}</IntlClientProvider>
    </AppShell>
  );
}
