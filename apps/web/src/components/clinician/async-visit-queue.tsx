'use client';

import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { ButtonLink, EmptyState, Panel } from '@virtual-care/ui';
import { useTranslations } from 'next-intl';
import { useTRPC } from '../../trpc/client';
import { AsyncVisitStatusBadge, type AsyncVisit } from './async-visit-status';
import { useFormat } from './use-format';
import { useLiveRefresh } from './use-live-refresh';
import { useNow } from './use-now';

/** Refresh while the live subscription is not connected (NATS off or unreachable, SSE reconnecting): every 10 s. */
export const ASYNC_VISIT_POLL_MS = 10_000;
/** Safety-net refresh while live: only a submission publishes an event, not a review, an answer or a close. */
const ASYNC_VISIT_LIVE_POLL_MS = 30_000;
/** Each group shows its oldest visits; the rest come up as these are answered. */
const GROUP_SIZE = 50;
/** The queue's groups, in the order they are worked: new submissions first, then those under review. */
const GROUPS = ['submitted', 'under_review'] as const;
const COMPLAINT_PREVIEW_CHARS = 120;

/** The first characters of the complaint (whole characters, never half a surrogate pair). */
function preview(text: string): string {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  return chars.length > COMPLAINT_PREVIEW_CHARS
    ? `${chars.slice(0, COMPLAINT_PREVIEW_CHARS).join('').trimEnd()}…`
    : chars.join('');
}

/**
 * Live signals from `asyncVisits.changes` (tRPC subscription over SSE, fed by the tenant's NATS subjects
 * `virtual_care.<tenantId>.async_visit.>`): each submission refetches the queue. Returns true while the feed is live.
 */
function useAsyncVisitsLive(): boolean {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useLiveRefresh(
    (handlers) => trpc.asyncVisits.changes.subscriptionOptions(undefined, handlers),
    () => void queryClient.invalidateQueries(trpc.asyncVisits.list.pathFilter()),
  );
}

/**
 * The review queue: new submissions first, then those under review, each oldest first. A submission shows as soon
 * as its live signal arrives; polling is the fallback (every 10 s while not live, every 30 s while live).
 */
export function AsyncVisitQueuePanel() {
  const t = useTranslations('clinician.asyncVisits');
  const trpc = useTRPC();
  const format = useFormat();
  const me = useQuery(trpc.me.queryOptions());
  const live = useAsyncVisitsLive();
  const groups = useQueries({
    queries: GROUPS.map((status) => ({
      ...trpc.asyncVisits.list.queryOptions({ status: [status], limit: GROUP_SIZE }),
      refetchInterval: live ? ASYNC_VISIT_LIVE_POLL_MS : ASYNC_VISIT_POLL_MS,
      refetchIntervalInBackground: true,
    })),
  });
  const pending = groups.some((g) => g.isPending);
  const failed = groups.some((g) => g.isError);
  const total = groups.reduce((sum, g) => sum + (g.data?.items.length ?? 0), 0);

  return (
    <Panel title={t('title')} aria-busy={pending}>
      {/* Announces arrivals only: the whole list as a live region would re-read every ticking wait time. */}
      <p className="vc-visually-hidden" aria-live="polite">
        {pending ? '' : t('count', { count: total })}
      </p>
      {failed ? <p className="vc-alert vc-alert--warning">{t('refreshFailed')}</p> : null}
      {total === 0 ? (
        <EmptyState title={pending ? t('checking') : t('empty')}>{t('emptyHelp')}</EmptyState>
      ) : (
        GROUPS.map((status, i) => {
          const page = groups[i]?.data;
          if (!page || page.items.length === 0) return null;
          return (
            <div key={status} className="vc-day">
              <h3 className="vc-day__title">
                {t(`groups.${status}`)} ({format.number(page.items.length)})
              </h3>
              <ul className="vc-waiting">
                {page.items.map((visit) => (
                  <QueueItem key={visit.id} visit={visit} myId={me.data?.user.id ?? null} />
                ))}
              </ul>
              {page.nextCursor ? <p className="vc-list__meta">{t('more')}</p> : null}
            </div>
          );
        })
      )}
    </Panel>
  );
}

function QueueItem({ visit, myId }: { visit: AsyncVisit; myId: string | null }) {
  const t = useTranslations('clinician.asyncVisits');
  const format = useFormat();
  const now = useNow(30_000);
  const name = visit.patientDisplayName ?? t('unknownPatient');
  const reviewer =
    visit.status === 'under_review' && visit.providerId
      ? visit.providerId === myId
        ? t('reviewingMine')
        : t('reviewingOther')
      : null;
  return (
    <li className="vc-waiting__card vc-async-visit" aria-label={name}>
      <div className="vc-waiting__who">
        <strong className="vc-waiting__name">{name}</strong>
        <AsyncVisitStatusBadge status={visit.status} />
        <span className="vc-waiting__time">
          {t('waited', { duration: format.since(visit.submittedAt, now) })} ·{' '}
          {t('photos', { count: visit.attachmentRefs.length })}
        </span>
      </div>
      <p className="vc-async-visit__complaint">{preview(visit.chiefComplaint)}</p>
      {reviewer ? <p className="vc-list__meta">{reviewer}</p> : null}
      <div className="vc-waiting__actions">
        <ButtonLink href={`/clinician/async-visits/${visit.id}`} size="small">
          {t('open')}
          <span className="vc-visually-hidden"> ({name})</span>
        </ButtonLink>
      </div>
    </li>
  );
}
