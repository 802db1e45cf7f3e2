'use client';

import { useQuery } from '@tanstack/react-query';
import {
  EmptyState,
  Panel,
  SESSION_STATUSES,
  StatusBadge,
  type SessionStatus,
} from '@virtual-care/ui';
import { useId, useMemo, useState } from 'react';
import { useTRPC } from '../../trpc/client';
import { formatDateTime, formatTime, isSameDay } from './format';

const STATUS_LABELS: Record<SessionStatus, string> = {
  scheduled: 'Scheduled',
  waiting: 'Waiting',
  active: 'In progress',
  ended: 'Ended',
  cancelled: 'Cancelled',
  failed: 'Failed',
};

function isStatus(value: string): value is SessionStatus {
  return (SESSION_STATUSES as readonly string[]).includes(value);
}

/** Today's and upcoming sessions, with a status filter and a patient search. */
export function SessionsPanel() {
  const trpc = useTRPC();
  const [status, setStatus] = useState<SessionStatus | ''>('');
  const [search, setSearch] = useState('');
  const searchId = useId();
  const statusId = useId();
  // From the start of today, so today's finished visits stay in view.
  const [from] = useState(() => {
    const day = new Date();
    day.setHours(0, 0, 0, 0);
    return day.toISOString();
  });
  const sessions = useQuery({
    ...trpc.sessions.list.queryOptions({
      from,
      limit: 100,
      ...(status ? { status: [status] } : {}),
    }),
    refetchInterval: 10_000,
  });

  const { today, upcoming } = useMemo(() => {
    const needle = search.trim().toLocaleLowerCase();
    const now = new Date();
    const rows = (sessions.data?.items ?? [])
      .filter((s) => !needle || (s.patientDisplayName ?? '').toLocaleLowerCase().includes(needle))
      .sort((a, b) => new Date(a.scheduledStart).getTime() - new Date(b.scheduledStart).getTime());
    return {
      today: rows.filter((s) => isSameDay(new Date(s.scheduledStart), now)),
      upcoming: rows.filter((s) => !isSameDay(new Date(s.scheduledStart), now)),
    };
  }, [sessions.data, search]);

  return (
    <Panel title="Sessions">
      <form
        className="vc-toolbar"
        role="search"
        aria-label="Filter sessions"
        onSubmit={(event) => event.preventDefault()}
      >
        <div className="vc-field">
          <label className="vc-field__label" htmlFor={searchId}>
            Search by patient
          </label>
          <input
            id={searchId}
            className="vc-field__input"
            type="search"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            autoComplete="off"
          />
        </div>
        <div className="vc-field">
          <label className="vc-field__label" htmlFor={statusId}>
            Status
          </label>
          <select
            id={statusId}
            className="vc-select"
            value={status}
            onChange={(event) => setStatus(isStatus(event.target.value) ? event.target.value : '')}
          >
            <option value="">All statuses</option>
            {SESSION_STATUSES.map((value) => (
              <option key={value} value={value}>
                {STATUS_LABELS[value]}
              </option>
            ))}
          </select>
        </div>
      </form>
      {sessions.isError ? (
        <p className="vc-alert vc-alert--error">The sessions could not be loaded. Retrying…</p>
      ) : null}
      <SessionTable caption="Today" rows={today} loading={sessions.isPending} showDate={false} />
      <SessionTable caption="Upcoming" rows={upcoming} loading={sessions.isPending} showDate />
    </Panel>
  );
}

interface SessionRow {
  id: string;
  patientDisplayName: string | null;
  status: string;
  scheduledStart: string;
}

function SessionTable({
  caption,
  rows,
  loading,
  showDate,
}: {
  caption: string;
  rows: SessionRow[];
  loading: boolean;
  showDate: boolean;
}) {
  return (
    <div className="vc-table-wrap">
      <table className="vc-table">
        <caption
          style={{
            textAlign: 'start',
            fontWeight: 700,
            paddingBlock: 'var(--vc-space-3) var(--vc-space-2)',
          }}
        >
          {caption}
        </caption>
        <thead>
          <tr>
            <th scope="col">{showDate ? 'When' : 'Time'}</th>
            <th scope="col">Patient</th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className="vc-visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={4}>
                <EmptyState title={loading ? 'Loading…' : `No sessions ${caption.toLowerCase()}`} />
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={row.id}>
                <td>
                  {showDate ? formatDateTime(row.scheduledStart) : formatTime(row.scheduledStart)}
                </td>
                <td>{row.patientDisplayName ?? 'Patient'}</td>
                <td>
                  {isStatus(row.status) ? (
                    <StatusBadge status={row.status} label={STATUS_LABELS[row.status]} />
                  ) : (
                    row.status
                  )}
                </td>
                <td>
                  <a
                    href={`/clinician/sessions/${row.id}`}
                    aria-label={`Open the visit with ${row.patientDisplayName ?? 'the patient'}`}
                  >
                    Open
                  </a>
                </td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
