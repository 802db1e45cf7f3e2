import { useId, type HTMLAttributes, type ReactNode } from 'react';
import { cx } from './class-names';

export interface CardProps extends HTMLAttributes<HTMLDivElement> {
  children: ReactNode;
}

/** A plain surface. */
export function Card({ className, ...rest }: CardProps) {
  return <div className={cx('vc-card', className)} {...rest} />;
}

export interface PanelProps extends Omit<HTMLAttributes<HTMLElement>, 'title'> {
  title: ReactNode;
  /** Heading level, so the outline stays correct wherever the panel sits. */
  level?: 2 | 3;
  actions?: ReactNode;
  children: ReactNode;
}

/** A titled region: a <section> named by its heading, so it shows up in the landmarks list. */
export function Panel({ title, level = 2, actions, children, className, ...rest }: PanelProps) {
  const headingId = useId();
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <section aria-labelledby={headingId} className={cx('vc-card', className)} {...rest}>
      <div className="vc-card__header">
        <Heading id={headingId} className="vc-card__title">
          {title}
        </Heading>
        {actions}
      </div>
      <div className="vc-card__body">{children}</div>
    </section>
  );
}
