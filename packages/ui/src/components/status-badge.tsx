import type { SessionStatus } from '@virtual-care/domain/vocabulary';

export { SESSION_STATUSES, type SessionStatus } from '@virtual-care/domain/vocabulary';

export interface StatusBadgeProps {
  status: SessionStatus;
  /** The status in the screen's language (e.g. `common.sessionStatus.<status>`). */
  label: string;
}

/** Status as text plus colour (never colour alone). */
export function StatusBadge({ status, label }: StatusBadgeProps) {
  return <span className={`vc-badge vc-badge--${status}`}>{label}</span>;
}
