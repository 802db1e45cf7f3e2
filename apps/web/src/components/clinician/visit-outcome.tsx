'use client';

import { Alert, EmptyState } from '@virtual-care/ui';
import { useTranslations } from 'next-intl';
import { EncounterReference, EncounterRejection } from './encounter-record';
import { useFormat } from './use-format';
import type { SessionDetail } from './visit-room';

/**
 * A closed visit: ended (the Encounter, the duration), failed, cancelled or a no-show (and why). When the chart
 * service refused the Encounter for good, it says so plainly, with what the service answered.
 */
export function VisitOutcome({ session }: { session: SessionDetail }) {
  const t = useTranslations('clinician.visit');
  const format = useFormat();
  if (session.status === 'cancelled') {
    if (session.cancellationReason === 'no_show')
      return <EmptyState title={t('noShow')}>{t('noShowBody')}</EmptyState>;
    return (
      <EmptyState title={t('cancelled')}>
        <p>{t('cancelledBody')}</p>
        {session.cancellationReason ? (
          <p>{t('cancelledReason', { reason: session.cancellationReason })}</p>
        ) : null}
      </EmptyState>
    );
  }
  const ended = session.status === 'ended';
  const rejection = session.encounterRejection;
  return (
    <div className="vc-stack">
      <Alert
        tone={ended && !rejection ? 'success' : 'warning'}
        announce
        title={ended ? t('ended') : t('failed')}
      >
        {session.status === 'failed' ? (
          t(session.messagingThreadId ? 'failedInMessages' : 'failedBody')
        ) : rejection ? (
          <EncounterRejection rejection={rejection} />
        ) : session.encounterId ? (
          t('recorded')
        ) : (
          t('recording')
        )}
      </Alert>
      <dl className="vc-dl">
        <dt>{t('encounter')}</dt>
        <dd>
          <EncounterReference
            encounterId={session.encounterId}
            missing={t(
              rejection ? 'refused' : session.status === 'failed' ? 'notRecorded' : 'pending',
            )}
          />
        </dd>
        <dt>{t('duration')}</dt>
        <dd>{format.duration(session.durationSeconds)}</dd>
        <dt>{t('started')}</dt>
        <dd>{format.dateTime(session.actualStart)}</dd>
        <dt>{t('endedAt')}</dt>
        <dd>{format.dateTime(session.actualEnd)}</dd>
      </dl>
    </div>
  );
}
