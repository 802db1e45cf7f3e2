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

const DEFAULT_LABELS: Record<SessionStatus, string> = {
  scheduled: 'Scheduled',
  waiting: 'Waiting',
  active: 'In progress',
  ended: 'Ended',
  cancelled: 'Cancelled',
  failed: 'Failed',
};

export interface StatusBadgeProps {
  status: SessionStatus;
  /** Translated label; defaults to English. */
  label?: string;
}

/** Status as text plus colour (never colour alone). */
export function StatusBadge({ status, label }: StatusBadgeProps) {
  return <span className={`vc-badge vc-badge--${status}`}>{label ?? DEFAULT_LABELS[status]}</span>;
}
