'use client';

import { Alert } from '@virtual-care/ui';
import { useTranslations } from 'next-intl';
import type { AsyncVisit } from './async-visit-status';
import { EncounterReference, EncounterRejection } from './encounter-record';
import { useFormat } from './use-format';

/**
 * An answered visit: what the patient reads, and its chart record (the Encounter): recorded, pending while the
 * chart service is unavailable (the worker retries), or refused for good, with what the service answered.
 */
export function AsyncVisitOutcome({ visit }: { visit: AsyncVisit }) {
  const t = useTranslations('clinician.asyncVisits');
  const chart = useTranslations('clinician.visit');
  const format = useFormat();
  const rejection = visit.encounterRejection;
  return (
    <div className="vc-stack">
      <div>
        <p className="vc-list__meta">
          {t('answeredAt', { time: format.dateTime(visit.respondedAt) })}
        </p>
        <p className="vc-async-visit__text">{visit.response}</p>
      </div>
      <Alert tone={visit.encounterId ? 'success' : 'warning'} announce title={t('chartTitle')}>
        {rejection ? (
          <EncounterRejection rejection={rejection} />
        ) : visit.encounterId ? (
          t('recorded')
        ) : (
          t('recording')
        )}
      </Alert>
      <dl className="vc-dl">
        <dt>{chart('encounter')}</dt>
        <dd>
          <EncounterReference
            encounterId={visit.encounterId}
            missing={chart(rejection ? 'refused' : 'pending')}
          />
        </dd>
      </dl>
    </div>
  );
}
