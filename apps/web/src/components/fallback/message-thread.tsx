'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Panel } from '@virtual-care/ui';
import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useState } from 'react';
import { apiErrorCode } from '../../i18n/api-errors';
import { useTRPC, useTRPCClient } from '../../trpc/client';
import type { SessionDetail } from '../clinician/visit-room';
import { useFormat } from '../clinician/use-format';
import {
  flushQueuedMessages,
  queueMessage,
  useBrowserOnline,
  useQueuedMessages,
  type QueuedMessage,
  type SendOutcome,
} from './message-outbox';
import { ThreadView, threadEntries, type StoredMessage } from './thread-view';

/** As the patient's page: a new message shows within 3 s. */
const POLL_MS = 3_000;

/**
 * The clinician's side of a visit that continues in messages (US-008), in the visit room once the session has a
 * messaging thread: why and since when, the messages (polled every 3 s; each poll asks only for what is after the
 * last one, kept in the query's cache), and a box to write in. What the clinician writes is queued in this browser
 * first and sent with its own id, so a message written offline goes once the network is back, exactly once.
 */
export function FallbackThread({ session }: { session: SessionDetail }) {
  const t = useTranslations('clinician.thread');
  const format = useFormat();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const outboxKey = `vc-thread-outbox:${session.id}`;
  const queued = useQueuedMessages(outboxKey);
  const [sent, setSent] = useState<StoredMessage[]>([]);
  const online = useBrowserOnline();

  const messagesKey = ['fallback-thread', session.id];
  const messages = useQuery({
    queryKey: messagesKey,
    // Grows by what is new: the cache holds the thread so far, the poll asks for what follows its last message.
    queryFn: async () => {
      const known = queryClient.getQueryData<StoredMessage[]>(messagesKey) ?? [];
      const after = known.at(-1)?.id;
      const page = await client.fallback.messages.query({
        id: session.id,
        ...(after ? { after } : {}),
      });
      const seen = new Set(known.map((m) => m.id));
      return [...known, ...page.messages.filter((m) => !seen.has(m.id))];
    },
    refetchInterval: POLL_MS,
  });
  const refetch = messages.refetch;

  const sendMessage = useMutation(trpc.fallback.sendMessage.mutationOptions());
  const post = sendMessage.mutateAsync;
  const send = useCallback(
    async (message: QueuedMessage): Promise<SendOutcome> => {
      try {
        const stored = await post({ id: session.id, messageId: message.id, body: message.body });
        setSent((current) => [...current, stored]);
        void refetch();
        return 'sent';
      } catch (error) {
        return apiErrorCode(error) === 'VALIDATION_FAILED' ? 'drop' : 'retry';
      }
    },
    [post, refetch, session.id],
  );
  // Whatever is queued goes after each poll, and as soon as the network is back.
  const polledAt = messages.dataUpdatedAt;
  useEffect(() => {
    if (online) void flushQueuedMessages(outboxKey, send);
  }, [online, outboxKey, polledAt, send]);

  const opened = session.bandwidthChanges.findLast((change) => change.to === 'async_text');
  const time = format.time(opened?.changedAt ?? null);
  return (
    <Panel title={t('heading')}>
      <ThreadView
        why={session.status === 'failed' ? t('lost', { time }) : t('switched', { time })}
        offline={online ? null : t('offline')}
        entries={threadEntries(messages.data ?? [], sent, queued)}
        authorOf={(entry) =>
          entry.mine ? t('you') : entry.senderRole === 'patient' ? t('patient') : t('careTeam')
        }
        timeOf={format.time}
        canWrite={session.status === 'active' || session.status === 'failed'}
        labels={{
          log: t('log'),
          empty: t('empty'),
          message: t('label'),
          send: t('send'),
          waiting: t('waiting'),
        }}
        onSend={(body) => {
          queueMessage(outboxKey, body);
          void flushQueuedMessages(outboxKey, send);
        }}
      />
    </Panel>
  );
}

/** "Continue in messages": the clinician moves an active visit to a messaging thread (POST fallback-message). */
export function ContinueInMessages({
  sessionId,
  onDone,
  onError,
}: {
  sessionId: string;
  onDone: () => void;
  onError: (error: unknown) => void;
}) {
  const t = useTranslations('clinician.thread');
  const trpc = useTRPC();
  const start = useMutation(trpc.fallback.message.mutationOptions({ onSuccess: onDone, onError }));
  return (
    <div className="vc-stack">
      <Button
        variant="secondary"
        onClick={() => start.mutate({ id: sessionId })}
        disabled={start.isPending}
      >
        {start.isPending ? t('continuing') : t('continue')}
      </Button>
      <p className="vc-field__description">{t('continueHelp')}</p>
    </div>
  );
}
