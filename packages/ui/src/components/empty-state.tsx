import type { ReactNode } from 'react';

export interface EmptyStateProps {
  title: ReactNode;
  children?: ReactNode;
  actions?: ReactNode;
}

/** What a list shows when it has nothing yet: say so plainly, and what to do next. */
export function EmptyState({ title, children, actions }: EmptyStateProps) {
  return (
    <div className="vc-empty">
      <p className="vc-empty__title">{title}</p>
      {children ? <div>{children}</div> : null}
      {actions ? <div className="vc-empty__actions">{actions}</div> : null}
    </div>
  );
}
