'use client';

import type { AppRouter } from '@virtual-care/api';
import type { inferRouterOutputs } from '@trpc/server';
import { Button, ButtonLink } from '@virtual-care/ui';
import { useTranslations } from 'next-intl';
import { DeviceCheckSummary } from './device-check-summary';
import { RunningLateControl } from './running-late-control';
import { useFormat } from './use-format';
import { useNow } from './use-now';

type Card = inferRouterOutputs<AppRouter>['waitingRoom']['list']['items'][number];

/** One person waiting: who, for how long, what their devices can do, and the one-click admit. */
export function WaitingCard({
  card,
  admitting,
  busy,
  onAdmit,
}: {
  card: Card;
  admitting: boolean;
  busy: boolean;
  onAdmit: () => void;
}) {
  const t = useTranslations('clinician.waitingRoom');
  const late = useTranslations('clinician.runningLate');
  const format = useFormat();
  const now = useNow();
  const name = card.displayName ?? (card.role === 'patient' ? '—' : t('interpreter'));
  return (
    <li className="vc-waiting__card" aria-label={name}>
      <div className="vc-waiting__who">
        <strong className="vc-waiting__name">{name}</strong>
        <span className="vc-waiting__time">
          {t('waited', { duration: format.since(card.waitingSince, now) })} ·{' '}
          {t('visitAt', { time: format.time(card.scheduledStart) })}
        </span>
        {!card.mine ? <span className="vc-list__meta">{t('notYours')}</span> : null}
        {card.mine && card.place ? (
          <span className="vc-list__meta">
            {card.place.ahead === 0 ? t('next') : t('ahead', { count: card.place.ahead })}
          </span>
        ) : null}
      </div>
      <DeviceCheckSummary check={card.deviceCheck} />
      {card.runningLateMinutes !== null ? (
        <p className="vc-list__meta">{late('current', { minutes: card.runningLateMinutes })}</p>
      ) : null}
      <div className="vc-waiting__actions">
        <Button onClick={onAdmit} disabled={busy}>
          {admitting ? t('admitting') : t('admit')}
          <span className="vc-visually-hidden"> {name}</span>
        </Button>
        <ButtonLink href={`/clinician/sessions/${card.sessionId}`} size="small" variant="secondary">
          {t('open')}
          <span className="vc-visually-hidden"> ({name})</span>
        </ButtonLink>
      </div>
      {card.role === 'patient' ? (
        <RunningLateControl sessionId={card.sessionId} current={card.runningLateMinutes} />
      ) : null}
    </li>
  );
}
