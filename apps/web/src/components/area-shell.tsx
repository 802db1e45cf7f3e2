import type { Role, SessionClaims } from '@virtual-care/api';
import { AppShell, type NavItem } from '@virtual-care/ui';
import type { ReactNode } from 'react';
import { SignOutButton } from './sign-out-button';

const AREAS: { role: Role; href: string; label: string }[] = [
  { role: 'clinician', href: '/clinician', label: 'Dashboard' },
  { role: 'tenant_admin', href: '/admin/settings', label: 'Settings' },
  { role: 'patient', href: '/portal', label: 'My visits' },
];

/** The signed-in frame: tenant name, a nav entry per area the user's roles open, the user and sign-out. */
export function AreaShell({
  session,
  current,
  children,
}: {
  session: SessionClaims;
  current: string;
  children: ReactNode;
}) {
  const nav: NavItem[] = AREAS.filter((area) => session.roles.includes(area.role)).map((area) => ({
    href: area.href,
    label: area.label,
    current: area.href === current,
  }));
  return (
    <AppShell
      tenantName={session.tenantName}
      nav={nav}
      userArea={
        <>
          <span>
            <span className="vc-visually-hidden">Signed in as </span>
            {session.user.name}
          </span>
          <SignOutButton />
        </>
      }
    >
      {children}
    </AppShell>
  );
}
