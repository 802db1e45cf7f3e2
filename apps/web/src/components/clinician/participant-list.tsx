'use client';

import { OPEN_SESSION_STATUSES } from '@virtual-care/domain/vocabulary';
import { Button, EmptyState, Panel } from '@virtual-care/ui';
import { useTranslations } from 'next-intl';
import { DeviceCheckSummary } from './device-check-summary';
import { useFormat } from './use-format';
import { useNow } from './use-now';
import type { SessionDetail } from './visit-room';

type Participant = SessionDetail['participants'][number];

/**
 * Who is in the visit, told truthfully: while it is open, where each one is now; once it is closed, when they left,
 * or that they never came.
 */
export function ParticipantList({
  session,
  admitting,
  onAdmit,
  onRemove,
}: {
  session: SessionDetail;
  admitting: boolean;
  onAdmit: (participantId: string) => void;
  onRemove: (participantId: string, name: string) => void;
}) {
  const t = useTranslations('clinician.visit');
  const open = OPEN_SESSION_STATUSES.includes(session.status);
  // A colleague's provider row that never came in is noise; the patient's never is.
  const participants = session.participants.filter(
    (p) => p.role !== 'provider' || p.status !== 'invited',
  );
  return (
    <Panel title={t('participants')} aria-live="polite">
      {participants.length === 0 ? (
        <EmptyState title={t('nobody')}>{t('nobodyHelp')}</EmptyState>
      ) : (
        <ul className="vc-list">
          {participants.map((p) => {
            const name = p.displayName ?? t(`roles.${p.role}`);
            return (
              <li key={p.id}>
                <span className="vc-list__main">
                  <strong>{name}</strong>
                  <span className="vc-list__meta">
                    {t(`roles.${p.role}`)} · <ParticipantState participant={p} open={open} />
                  </span>
                  {open && p.status === 'waiting' ? (
                    <DeviceCheckSummary check={p.deviceCheck} />
                  ) : null}
                </span>
                {open && p.status === 'waiting' ? (
                  <Button size="small" onClick={() => onAdmit(p.id)} disabled={admitting}>
                    {t('admit')}
                    <span className="vc-visually-hidden"> {name}</span>
                  </Button>
                ) : null}
                {open && p.role !== 'provider' && p.status !== 'removed' ? (
                  <Button size="small" variant="secondary" onClick={() => onRemove(p.id, name)}>
                    {t('remove')}
                    <span className="vc-visually-hidden"> {name}</span>
                  </Button>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </Panel>
  );
}

function ParticipantState({ participant: p, open }: { participant: Participant; open: boolean }) {
  const t = useTranslations('clinician.visit');
  const format = useFormat();
  const now = useNow();
  if (!open) {
    if (p.status === 'removed') return <>{t('closedStatus.removed')}</>;
    if (p.leftAt) return <>{t('closedStatus.left', { time: format.time(p.leftAt) })}</>;
    return <>{t('closedStatus.neverCame')}</>;
  }
  switch (p.status) {
    case 'waiting':
      return <>{t('status.waiting', { duration: format.since(p.waitingSince, now) })}</>;
    case 'disconnected':
      return <>{t('status.disconnected', { time: format.time(p.leftAt) })}</>;
    case 'invited':
    case 'admitted':
    case 'active':
    case 'removed':
      return <>{t(`status.${p.status}`)}</>;
  }
}
