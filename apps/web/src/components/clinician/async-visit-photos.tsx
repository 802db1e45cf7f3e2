'use client';

import { useTranslations } from 'next-intl';

/** Where the review screen reads a photo: same origin, so the clinician's sign-in cookie authenticates it. */
export const attachmentUrl = (ref: string) =>
  `/api/v1/virtual-care/async-visits/attachments/${encodeURIComponent(ref)}`;

/** The visit's photos, loaded as they scroll into view; each opens full size in a new tab. */
export function AsyncVisitPhotos({ refs, patientName }: { refs: string[]; patientName: string }) {
  const t = useTranslations('clinician.asyncVisits');
  if (refs.length === 0) return <p>{t('noPhotos')}</p>;
  return (
    <ul className="vc-async-photos">
      {refs.map((ref, i) => (
        <li key={ref}>
          <a href={attachmentUrl(ref)} target="_blank" rel="noopener">
            {/* eslint-disable-next-line @next/next/no-img-element -- next/image's optimiser would fetch a patient's photo without the clinician's cookie and keep a copy in its cache */}
            <img
              className="vc-async-photos__img"
              src={attachmentUrl(ref)}
              alt={t('photoAlt', { n: i + 1, count: refs.length, name: patientName })}
              loading="lazy"
              decoding="async"
            />
          </a>
        </li>
      ))}
    </ul>
  );
}
