import { getLocale, getTranslations } from 'next-intl/server';
import type { PortalVisitView } from './portal-visits';
import { formatDate, isLocale, SERVER_TIME_ZONE, DEFAULT_LOCALE } from '../../i18n';

/**
 * One of the patient's visits: when, what became of it, and, while the link works, a Join button (a form post:
 * no JavaScript needed, and no token in any address).
 */
export async function PortalVisit({ visit }: { visit: PortalVisitView }) {
  const t = await getTranslations('portal');
  const raw = await getLocale();
  const locale = isLocale(raw) ? raw : DEFAULT_LOCALE;
  const when = formatDate(visit.scheduledStart, locale, 'dateTime', SERVER_TIME_ZONE);
  const noShow = visit.status === 'cancelled' && visit.cancellationReason === 'no_show';
  const minutes =
    visit.status === 'ended' && visit.durationSeconds !== null
      ? Math.floor(visit.durationSeconds / 60)
      : null;
  return (
    <li className="vc-visit">
      <div className="vc-visit__when">
        <strong>
          <time dateTime={visit.scheduledStart}>{when}</time>
        </strong>
        <span className={`vc-badge vc-badge--${visit.status}`}>
          {noShow ? t('status.noShow') : t(`status.${visit.status}`)}
        </span>
        {minutes !== null ? (
          <span className="vc-list__meta">{t('duration', { minutes })}</span>
        ) : null}
      </div>
      {visit.join ? (
        visit.join.open ? (
          <form method="post" action={`/portal/visits/${visit.id}/join`} className="vc-visit__join">
            <p className="vc-list__meta">{t('open')}</p>
            <button type="submit" className="vc-button vc-button--primary">
              {t('join')}
              <span className="vc-visually-hidden"> ({when})</span>
            </button>
          </form>
        ) : (
          <p className="vc-list__meta">
            {t('opensAt', {
              time: formatDate(
                visit.join.opensAt,
                locale,
                visit.join.opensToday ? 'time' : 'dateTime',
                SERVER_TIME_ZONE,
              ),
            })}
          </p>
        )
      ) : null}
    </li>
  );
}
