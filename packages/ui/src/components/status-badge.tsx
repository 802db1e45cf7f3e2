/** Session statuses, as in the spec's state machine. */
export const SESSION_STATUSES = [
  'scheduled',
  'waiting',
  'active',
  'ended',
  'cancelled',
  'failed',
] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export interface StatusBadgeProps {
  status: SessionStatus;
  /** The status in the screen's language (e.g. `common.sessionStatus.<status>`). */
  label: string;
}

/** Status as text plus colour (never colour alone). */
export function StatusBadge({ status, label }: StatusBadgeProps) {
  return <span className={`vc-badge vc-badge--${status}`}>{label}</span>;
}
