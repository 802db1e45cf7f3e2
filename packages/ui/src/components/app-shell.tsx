import type { ReactNode } from 'react';

export interface NavItem {
  href: string;
  label: string;
  current?: boolean;
}

/**
 * Every word the frame shows comes from the screen, in its language: there are no English defaults for a
 * screen to forget.
 */
export interface AppShellProps {
  /** Shown under the product name: whose clinic this is. */
  tenantName?: string | null;
  productName: string;
  homeHref?: string;
  /** Names the navigation landmark ("Main"). */
  navLabel: string;
  nav?: NavItem[];
  /** Inline-end side of the header: language, user name, sign-out. */
  userArea?: ReactNode;
  /** "Skip to main content". */
  skipLinkLabel: string;
  children: ReactNode;
}

/**
 * Page frame: skip link, header (brand, nav, user), and the one <main>. Plain
 * server-rendered markup; logical CSS makes it mirror under dir="rtl".
 */
export function AppShell({
  tenantName,
  productName,
  homeHref = '/',
  navLabel,
  nav = [],
  userArea,
  skipLinkLabel,
  children,
}: AppShellProps) {
  return (
    <div className="vc-shell">
      <a className="vc-skip-link" href="#main">
        {skipLinkLabel}
      </a>
      <header className="vc-shell__header">
        <div className="vc-shell__bar">
          <a className="vc-shell__brand" href={homeHref}>
            <span className="vc-shell__product">{productName}</span>
            {tenantName ? <span className="vc-shell__tenant">{tenantName}</span> : null}
          </a>
          {nav.length > 0 ? (
            <nav className="vc-shell__nav" aria-label={navLabel}>
              <ul>
                {nav.map((item) => (
                  <li key={item.href}>
                    <a href={item.href} aria-current={item.current ? 'page' : undefined}>
                      {item.label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
          {userArea ? <div className="vc-shell__user">{userArea}</div> : null}
        </div>
      </header>
      <main id="main" tabIndex={-1} className="vc-shell__main">
        {children}
      </main>
    </div>
  );
}
