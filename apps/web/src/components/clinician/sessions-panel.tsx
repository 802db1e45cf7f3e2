'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import {
  Button,
  EmptyState,
  Panel,
  SESSION_STATUSES,
  StatusBadge,
  type SessionStatus,
} from '@virtual-care/ui';
import { useTranslations } from 'next-intl';
import { useId, useMemo, useState, type ReactNode } from 'react';
import { useTRPC, useTRPCClient } from '../../trpc/client';
import { dayKey, toLocalDateInput, fromLocalDateInput } from './local-days';
import { useFormat } from './use-format';
import { useNow } from './use-now';

/** `no_show`: cancelled because the patient never came (a status filter of its own, as clinics count them). */
type StatusFilter = SessionStatus | 'no_show' | '';

const DAY_MS = 24 * 60 * 60 * 1000;

function isStatusFilter(value: string): value is StatusFilter {
  return (
    value === '' || value === 'no_show' || (SESSION_STATUSES as readonly string[]).includes(value)
  );
}

/** The clinician's visits, newest first, grouped by day, with status, duration and filters. */
export function SessionsPanel() {
  const t = useTranslations('clinician.sessions');
  const trpc = useTRPC();
  const client = useTRPCClient();
  const statusLabel = useTranslations('common.sessionStatus');
  const ids = { search: useId(), status: useId(), from: useId(), to: useId() };
  const [status, setStatus] = useState<StatusFilter>('');
  const [search, setSearch] = useState('');
  const [from, setFrom] = useState(() => toLocalDateInput(new Date(Date.now() - 14 * DAY_MS)));
  const [to, setTo] = useState('');
  const input = {
    order: 'desc' as const,
    limit: 50,
    ...(status ? { status: [status === 'no_show' ? ('cancelled' as const) : status] } : {}),
    ...(from ? { from: fromLocalDateInput(from).toISOString() } : {}),
    ...(to ? { to: new Date(fromLocalDateInput(to).getTime() + DAY_MS).toISOString() } : {}),
  };
  // Pages by hand rather than infiniteQueryOptions: that adds a `direction` the list's strict input refuses.
  const sessions = useInfiniteQuery({
    queryKey: [...trpc.sessions.list.queryKey(input), 'pages'],
    queryFn: ({ pageParam }) =>
      client.sessions.list.query({ ...input, ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    refetchInterval: 10_000,
  });

  const days = useMemo(() => {
    const needle = search.trim().toLocaleLowerCase();
    const rows = (sessions.data?.pages ?? [])
      .flatMap((page) => page.items)
      .filter((s) => status !== 'no_show' || s.cancellationReason === 'no_show')
      .filter((s) => !needle || (s.patientDisplayName ?? '').toLocaleLowerCase().includes(needle));
    const grouped = new Map<string, typeof rows>();
    for (const row of rows) {
      const key = dayKey(new Date(row.scheduledStart));
      grouped.set(key, [...(grouped.get(key) ?? []), row]);
    }
    return [...grouped.entries()];
  }, [sessions.data, search, status]);

  return (
    <Panel title={t('title')}>
      <form
        className="vc-toolbar"
        role="search"
        aria-label={t('filtersLabel')}
        onSubmit={(event) => event.preventDefault()}
      >
        <Field id={ids.search} label={t('search')}>
          <input
            id={ids.search}
            className="vc-field__input"
            type="search"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            autoComplete="off"
          />
        </Field>
        <Field id={ids.status} label={t('status')}>
          <select
            id={ids.status}
            className="vc-select"
            value={status}
            onChange={(event) =>
              setStatus(isStatusFilter(event.target.value) ? event.target.value : '')
            }
          >
            <option value="">{t('allStatuses')}</option>
            {SESSION_STATUSES.map((value) => (
              <option key={value} value={value}>
                {statusLabel(value)}
              </option>
            ))}
            <option value="no_show">{t('noShow')}</option>
          </select>
        </Field>
        {(
          [
            ['from', from, setFrom],
            ['to', to, setTo],
          ] as const
        ).map(([name, value, set]) => (
          <Field key={name} id={ids[name]} label={t(name)}>
            <input
              id={ids[name]}
              className="vc-field__input"
              type="date"
              value={value}
              onChange={(event) => set(event.target.value)}
            />
          </Field>
        ))}
      </form>
      {sessions.isError ? <p className="vc-alert vc-alert--error">{t('loadFailed')}</p> : null}
      {days.length === 0 ? (
        <EmptyState title={sessions.isPending ? t('loading') : t('empty')} />
      ) : (
        days.map(([key, rows]) => <DayOfVisits key={key} day={key} rows={rows} />)
      )}
      {sessions.hasNextPage ? (
        <Button
          variant="secondary"
          onClick={() => void sessions.fetchNextPage()}
          disabled={sessions.isFetchingNextPage}
        >
          {sessions.isFetchingNextPage ? t('loadingMore') : t('more')}
        </Button>
      ) : null}
    </Panel>
  );
}

function Field({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <div className="vc-field">
      <label className="vc-field__label" htmlFor={id}>
        {label}
      </label>
      {children}
    </div>
  );
}

interface VisitRow {
  id: string;
  patientDisplayName: string | null;
  status: SessionStatus;
  scheduledStart: string;
  actualStart: string | null;
  durationSeconds: number | null;
  cancellationReason: string | null;
}

function DayOfVisits({ day, rows }: { day: string; rows: VisitRow[] }) {
  const t = useTranslations('clinician.sessions');
  const format = useFormat();
  const now = useNow(30_000);
  const today = dayKey(new Date(now));
  const title =
    day === today
      ? t('today')
      : day === dayKey(new Date(now - DAY_MS))
        ? t('yesterday')
        : day === dayKey(new Date(now + DAY_MS))
          ? t('tomorrow')
          : format.date(fromLocalDateInput(day));
  return (
    <section className="vc-day" aria-label={title}>
      <h3 className="vc-day__title">
        {title} <span className="vc-list__meta">{t('dayVisits', { count: rows.length })}</span>
      </h3>
      <div className="vc-table-wrap">
        <table className="vc-table">
          <thead>
            <tr>
              <th scope="col">{t('time')}</th>
              <th scope="col">{t('patient')}</th>
              <th scope="col">{t('status')}</th>
              <th scope="col">{t('duration')}</th>
              <th scope="col">
                <span className="vc-visually-hidden">{t('actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <VisitRowView key={row.id} row={row} now={now} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function VisitRowView({ row, now }: { row: VisitRow; now: number }) {
  const t = useTranslations('clinician.sessions');
  const statusLabel = useTranslations('common.sessionStatus');
  const format = useFormat();
  const name = row.patientDisplayName ?? t('patientFallback');
  const noShow = row.status === 'cancelled' && row.cancellationReason === 'no_show';
  const duration =
    row.status === 'active' && row.actualStart
      ? t('running', { duration: format.since(row.actualStart, now) })
      : format.duration(row.durationSeconds);
  return (
    <tr>
      <td>{format.time(row.scheduledStart)}</td>
      <td>{name}</td>
      <td>
        <StatusBadge status={row.status} label={noShow ? t('noShow') : statusLabel(row.status)} />
        {row.status === 'cancelled' && row.cancellationReason && !noShow ? (
          <span className="vc-list__meta">
            {' '}
            {t('cancelledBecause', { reason: row.cancellationReason })}
          </span>
        ) : null}
      </td>
      <td>{duration}</td>
      <td>
        <a href={`/clinician/sessions/${row.id}`}>
          {t('open')}
          <span className="vc-visually-hidden"> ({name})</span>
        </a>
      </td>
    </tr>
  );
}
