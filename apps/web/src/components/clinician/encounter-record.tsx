'use client';

import { useTranslations } from 'next-intl';
import { useFormat } from './use-format';

/** What the chart service said when it refused a record for good (sessions and async visits keep the same shape). */
export interface EncounterRejectionView {
  httpStatus: number;
  at: string;
  issues: Array<{ code: string; text?: string | null }>;
}

/** The refusal in plain words: when, the HTTP status, and the service's own issues. */
export function EncounterRejection({ rejection }: { rejection: EncounterRejectionView }) {
  const t = useTranslations('clinician.visit');
  const format = useFormat();
  return (
    <>
      <p>
        {t('rejectedBody', { status: rejection.httpStatus, time: format.dateTime(rejection.at) })}
      </p>
      <p>{t('rejectedSaid')}:</p>
      <ul>
        {rejection.issues.map((issue, i) => (
          <li key={i}>{issue.text ?? issue.code}</li>
        ))}
      </ul>
    </>
  );
}

/** The Encounter's reference (`Encounter/<id>`), or why there is none. */
export function EncounterReference({
  encounterId,
  missing,
}: {
  encounterId: string | null;
  missing: string;
}) {
  if (!encounterId) return <>{missing}</>;
  return (
    <code>{encounterId.startsWith('Encounter/') ? encounterId : `Encounter/${encounterId}`}</code>
  );
}
