'use client';

import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { ButtonLink, EmptyState, Panel } from '@virtual-care/ui';
import { useEffect, useState } from 'react';
import { useTRPC } from '../../trpc/client';
import { useArrivalAlert } from './arrival-alert';
import { formatTime, formatWaited } from './format';
import { useNow } from './use-now';

/** Refresh while the live subscription is not connected (NATS off or unreachable, SSE reconnecting): every 3 s. */
export const WAITING_ROOM_POLL_MS = 3_000;
/** Safety-net refresh while live: presence changes (a patient's connection dropping) publish no event. */
const WAITING_ROOM_LIVE_POLL_MS = 30_000;
/** After the live stream ended (no NATS, an error), try it again this long after. */
const LIVE_RETRY_MS = 30_000;
/** A burst of signals (admit = participant admitted + session started) becomes one refetch. */
const REFRESH_DEBOUNCE_MS = 150;

export interface WaitingPatient {
  sessionId: string;
  participantId: string;
  displayName: string;
  waitingSince: string | null;
  scheduledStart: string;
}

/**
 * Live signals from `waitingRoom.changes` (tRPC subscription over SSE, fed by the NATS subjects
 * `virtual_care.session.>`): each change refetches the waiting room. Returns true while the feed is live.
 */
function useWaitingRoomLive(): boolean {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [live, setLive] = useState(false);
  // Counts signals; the effect below turns each burst into one refetch (its clean-up restarts the wait).
  const [changes, setChanges] = useState(0);
  useEffect(() => {
    if (changes === 0) return;
    const timer = setTimeout(() => {
      void queryClient.invalidateQueries(trpc.sessions.list.pathFilter());
      void queryClient.invalidateQueries(trpc.participants.list.pathFilter());
    }, REFRESH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [changes, queryClient, trpc]);

  const subscription = useSubscription(
    trpc.waitingRoom.changes.subscriptionOptions(undefined, {
      onData: (signal) => {
        if (signal.type === 'live.unavailable') {
          setLive(false);
          return;
        }
        if (signal.type === 'live.ready') setLive(true);
        // On ready too: catches up with whatever changed between the last poll and the subscription.
        setChanges((count) => count + 1);
      },
      onError: () => setLive(false),
      onConnectionStateChange: (state) => {
        if (state.state !== 'pending') setLive(false);
      },
    }),
  );

  // The stream ended (NATS off or gone) or failed: polling carries on, and live is tried again later.
  const { status, reset } = subscription;
  useEffect(() => {
    if (status !== 'idle' && status !== 'error') return;
    const retry = setTimeout(reset, LIVE_RETRY_MS);
    return () => clearTimeout(retry);
  }, [status, reset]);

  return live;
}

/**
 * Who is waiting, across the clinician's open sessions. One hook, so the transport stays out of the panel:
 * live signals trigger refetches; polling is the fallback (every 3 s while not live, every 30 s while live).
 */
export function useWaitingPatients(): {
  patients: WaitingPatient[];
  loading: boolean;
  failed: boolean;
} {
  const trpc = useTRPC();
  const live = useWaitingRoomLive();
  const pollMs = live ? WAITING_ROOM_LIVE_POLL_MS : WAITING_ROOM_POLL_MS;
  const sessions = useQuery({
    ...trpc.sessions.list.queryOptions({ status: ['waiting', 'active'], limit: 50 }),
    refetchInterval: pollMs,
    refetchIntervalInBackground: true,
  });
  const items = sessions.data?.items ?? [];
  const participants = useQueries({
    queries: items.map((session) => ({
      ...trpc.participants.list.queryOptions({ sessionId: session.id }),
      refetchInterval: pollMs,
      refetchIntervalInBackground: true,
    })),
  });
  const patients: WaitingPatient[] = [];
  items.forEach((session, index) => {
    const rows = participants[index]?.data?.items ?? [];
    for (const participant of rows) {
      if (participant.status !== 'waiting') continue;
      patients.push({
        sessionId: session.id,
        participantId: participant.id,
        displayName: participant.displayName ?? session.patientDisplayName ?? 'Patient',
        // joinedAt is when they entered the waiting room; waitingSince is their latest presence signal.
        waitingSince: participant.joinedAt ?? participant.waitingSince,
        scheduledStart: session.scheduledStart,
      });
    }
  });
  patients.sort((a, b) => (a.waitingSince ?? '').localeCompare(b.waitingSince ?? ''));
  return { patients, loading: sessions.isPending, failed: sessions.isError };
}

export function WaitingRoomPanel() {
  const { patients, loading, failed } = useWaitingPatients();
  const now = useNow();
  useArrivalAlert(patients.map((p) => p.participantId));

  return (
    <Panel title="Waiting room" aria-live="polite" aria-busy={loading}>
      {failed ? (
        <p className="vc-alert vc-alert--warning">
          The waiting room could not be refreshed. Retrying…
        </p>
      ) : null}
      {patients.length === 0 ? (
        <EmptyState title={loading ? 'Checking the waiting room…' : 'Nobody is waiting'}>
          When a patient opens their join link, they appear here, with a sound, so you can admit
          them.
        </EmptyState>
      ) : (
        <ul className="vc-list" aria-label="Patients waiting">
          {patients.map((patient) => (
            <li key={patient.participantId}>
              <span className="vc-list__main">
                <strong>{patient.displayName}</strong>
                <span className="vc-list__meta">
                  Waiting {formatWaited(patient.waitingSince, now)} · visit at{' '}
                  {formatTime(patient.scheduledStart)}
                </span>
              </span>
              <ButtonLink href={`/clinician/sessions/${patient.sessionId}`} size="small">
                Open visit room
                <span className="vc-visually-hidden"> for {patient.displayName}</span>
              </ButtonLink>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
