import type { ReactNode } from 'react';

/** The page's h1 and a line saying what the page is for. */
export function PageHeader({ title, children }: { title: ReactNode; children?: ReactNode }) {
  return (
    <div className="vc-page-header">
      <h1>{title}</h1>
      {children ? <p>{children}</p> : null}
    </div>
  );
}
