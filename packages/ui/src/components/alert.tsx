import type { ReactNode } from 'react';
import { cx } from './class-names';

export type AlertTone = 'info' | 'success' | 'warning' | 'error';

export interface AlertProps {
  tone?: AlertTone;
  title?: ReactNode;
  children: ReactNode;
  /**
   * Announce it: errors use role="alert" (assertive), the rest role="status".
   * Pass false for a message that is part of the page from the start.
   */
  announce?: boolean;
  id?: string;
  className?: string;
}

export function Alert({
  tone = 'info',
  title,
  children,
  announce = true,
  id,
  className,
}: AlertProps) {
  const role = announce ? (tone === 'error' ? 'alert' : 'status') : undefined;
  return (
    <div id={id} role={role} className={cx('vc-alert', `vc-alert--${tone}`, className)}>
      {title ? <strong className="vc-alert__title">{title}</strong> : null}
      {children}
    </div>
  );
}
