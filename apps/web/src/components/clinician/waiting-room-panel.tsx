'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { EmptyState, Panel } from '@virtual-care/ui';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { useApiErrorMessage } from '../../i18n/api-errors';
import { useTRPC } from '../../trpc/client';
import { useArrivalAlert } from './arrival-alert';
import { useAdmit } from './use-admit';
import { WaitingCard } from './waiting-card';

/** Refresh while the live subscription is not connected (NATS off or unreachable, SSE reconnecting): every 3 s. */
export const WAITING_ROOM_POLL_MS = 3_000;
/** Safety-net refresh while live: presence changes (a patient's connection dropping) publish no event. */
const WAITING_ROOM_LIVE_POLL_MS = 30_000;
/** After the live stream ended (no NATS, an error), try it again this long after. */
const LIVE_RETRY_MS = 30_000;
/** A burst of signals (admit = participant admitted + session started) becomes one refetch. */
const REFRESH_DEBOUNCE_MS = 150;

/**
 * Live signals from `waitingRoom.changes` (tRPC subscription over SSE, fed by the tenant's NATS subjects
 * `virtual_care.<tenantId>.session.>`): each change refetches the waiting room and the sessions read on the page
 * (the visit room's too: a failed visit's thread shows as soon as it opens). Returns true while the feed is live.
 */
export function useWaitingRoomLive(): boolean {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [live, setLive] = useState(false);
  // Counts signals; the effect below turns each burst into one refetch (its clean-up restarts the wait).
  const [changes, setChanges] = useState(0);
  useEffect(() => {
    if (changes === 0) return;
    const timer = setTimeout(() => {
      void queryClient.invalidateQueries(trpc.waitingRoom.list.pathFilter());
      void queryClient.invalidateQueries(trpc.sessions.pathFilter());
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
 * Who is waiting, in queue order: one read of the waiting room (`waitingRoom.list`). Live signals trigger
 * refetches; polling is the fallback (every 3 s while not live, every 30 s while live).
 */
export function useWaitingRoom() {
  const trpc = useTRPC();
  const live = useWaitingRoomLive();
  return useQuery({
    ...trpc.waitingRoom.list.queryOptions(),
    refetchInterval: live ? WAITING_ROOM_LIVE_POLL_MS : WAITING_ROOM_POLL_MS,
    refetchIntervalInBackground: true,
  });
}

export function WaitingRoomPanel() {
  const t = useTranslations('clinician.waitingRoom');
  const router = useRouter();
  const errorText = useApiErrorMessage();
  const [admitError, setAdmitError] = useState<string | null>(null);
  const room = useWaitingRoom();
  const cards = room.data?.items ?? [];
  useArrivalAlert(cards.map((card) => card.participantId));
  const admission = useAdmit({
    onAdmitted: (sessionId) => router.push(`/clinician/sessions/${sessionId}`),
    onError: (error) => {
      setAdmitError(errorText(error));
      void room.refetch();
    },
  });

  return (
    <Panel title={t('title')} aria-live="polite" aria-busy={room.isPending}>
      {room.isError ? <p className="vc-alert vc-alert--warning">{t('refreshFailed')}</p> : null}
      {admitError ? (
        <p className="vc-alert vc-alert--error" role="alert">
          {admitError}
        </p>
      ) : null}
      {cards.length === 0 ? (
        <EmptyState title={room.isPending ? t('checking') : t('empty')}>
          {t('emptyHelp')}
        </EmptyState>
      ) : (
        <ul className="vc-waiting" aria-label={t('listLabel')}>
          {cards.map((card) => (
            <WaitingCard
              key={card.participantId}
              card={card}
              admitting={admission.admitting === card.participantId}
              busy={admission.pending}
              onAdmit={() => {
                setAdmitError(null);
                admission.admit(card.sessionId, card.participantId);
              }}
            />
          ))}
        </ul>
      )}
    </Panel>
  );
}
