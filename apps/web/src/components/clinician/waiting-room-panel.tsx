'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { EmptyState, Panel } from '@virtual-care/ui';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useApiErrorMessage } from '../../i18n/api-errors';
import { useTRPC } from '../../trpc/client';
import { useArrivalAlert } from './arrival-alert';
import { useAdmit } from './use-admit';
import { useLiveRefresh } from './use-live-refresh';
import { WaitingCard } from './waiting-card';

/** Refresh while the live subscription is not connected (NATS off or unreachable, SSE reconnecting): every 3 s. */
export const WAITING_ROOM_POLL_MS = 3_000;
/** Safety-net refresh while live: presence changes (a patient's connection dropping) publish no event. */
const WAITING_ROOM_LIVE_POLL_MS = 30_000;

/**
 * Live signals from `waitingRoom.changes` (tRPC subscription over SSE, fed by the tenant's NATS subjects
 * `virtual_care.<tenantId>.session.>`): each change refetches the waiting room and the sessions read on the page
 * (the visit room's too: a failed visit's thread shows as soon as it opens). Returns true while the feed is live.
 */
export function useWaitingRoomLive(): boolean {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useLiveRefresh(
    (handlers) => trpc.waitingRoom.changes.subscriptionOptions(undefined, handlers),
    () => {
      void queryClient.invalidateQueries(trpc.waitingRoom.list.pathFilter());
      void queryClient.invalidateQueries(trpc.sessions.pathFilter());
      void queryClient.invalidateQueries(trpc.participants.list.pathFilter());
    },
  );
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
