'use client';

import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import {
  flushQueuedMessages,
  queueMessage,
  useBrowserOnline,
  useQueuedMessages,
  type QueuedMessage,
  type SendOutcome,
} from '../../components/fallback/message-outbox';
import {
  ThreadView,
  threadEntries,
  type StoredMessage,
} from '../../components/fallback/thread-view';
import { formatDate, type JoinErrorKind, type Locale } from '../../i18n';
import type { JoinMessageKey, Translate } from '../../i18n/compiled';

/** The status's `messaging`: the visit continues in a thread since `openedAt`, because of `reason`. */
export interface Messaging {
  threadId: string;
  openedAt: string;
  reason: 'connection_lost' | 'switched';
}

interface Refusal {
  problem?: JoinErrorKind;
  code?: string;
}

const POLL_MS = 3_000;
/** Right after sending: the other side's answer is often on its way. */
const SOON_MS = 500;
/** One queue per device: a patient's phone has one visit link at a time. */
const OUTBOX_KEY = 'vc-join-thread-outbox';

/**
 * The patient's messaging thread (US-008), a chunk of its own fetched only once the video opened: the visit
 * continues here when the connection was lost past the grace window or the clinician moved it to messages. Plain
 * React and `fetch` to /join/api/messages (the signed join cookie, no sign-in, no data library). New messages come
 * by polling every 3 s with `after` (sooner after sending; paused while the page is hidden). What the patient writes
 * is queued on the phone first (see message-outbox) and sent once the thread is open and the network is back.
 */
export function MessageThread({
  t,
  locale,
  messaging,
  headingRef,
  onProblem,
  onClosed,
}: {
  t: Translate<JoinMessageKey>;
  locale: Locale;
  /** null: the session failed and its thread is not open yet (the page's status poll brings it). */
  messaging: Messaging | null;
  headingRef: RefObject<HTMLHeadingElement | null>;
  onProblem: (kind: JoinErrorKind) => void;
  /** The visit closed meanwhile (ended by the clinician). */
  onClosed: () => void;
}) {
  const [listed, setListed] = useState<StoredMessage[]>([]);
  const [sent, setSent] = useState<StoredMessage[]>([]);
  // Offline when the browser says so, or when the last request did not get through.
  const browserOnline = useBrowserOnline();
  const [reachable, setReachable] = useState(true);
  const queued = useQueuedMessages(OUTBOX_KEY);
  const open = messaging !== null;
  const soonRef = useRef<() => void>(() => undefined);

  /** A refusal that is not "try again later" ends the thread for this link. */
  const refused = useCallback(
    (answer: Refusal) => {
      if (answer.code === 'INVALID_STATUS_TRANSITION') onClosed();
      else if (answer.problem && answer.problem !== 'unavailable') onProblem(answer.problem);
    },
    [onClosed, onProblem],
  );

  const send = useCallback(
    async (message: QueuedMessage): Promise<SendOutcome> => {
      let response: Response;
      try {
        response = await fetch('/join/api/messages', {
          method: 'POST',
          cache: 'no-store',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(message),
        });
      } catch {
        setReachable(false);
        return 'retry';
      }
      const answer = (await response.json().catch(() => ({}))) as StoredMessage & Refusal;
      if (response.ok) {
        setSent((current) => [...current, answer]);
        soonRef.current();
        return 'sent';
      }
      if (answer.code === 'VALIDATION_FAILED') return 'drop';
      refused(answer);
      return 'retry';
    },
    [refused],
  );

  // The poll: what is new after the last message listed, then whatever is queued.
  useEffect(() => {
    if (!open) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let after: string | undefined;
    const poll = async () => {
      timer = undefined;
      if (document.visibilityState === 'hidden') return; // resumed on visibilitychange
      try {
        const query = after ? `?after=${encodeURIComponent(after)}` : '';
        const response = await fetch(`/join/api/messages${query}`, { cache: 'no-store' });
        const answer = (await response.json()) as { messages?: StoredMessage[] } & Refusal;
        if (stopped) return;
        setReachable(true);
        const fresh = answer.messages ?? [];
        if (response.ok && fresh.length > 0) {
          after = fresh[fresh.length - 1]?.id;
          setListed((current) => {
            // A poll that overlapped another (a wake-up during a fetch) may bring a message twice.
            const known = new Set(current.map((m) => m.id));
            return [...current, ...fresh.filter((m) => !known.has(m.id))];
          });
        } else if (!response.ok) refused(answer);
      } catch {
        if (stopped) return;
        setReachable(false);
      }
      void flushQueuedMessages(OUTBOX_KEY, send);
      if (!stopped) timer = setTimeout(() => void poll(), POLL_MS);
    };
    const at = (ms: number) => {
      if (stopped) return;
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(() => void poll(), ms);
    };
    soonRef.current = () => at(SOON_MS);
    const wake = () => {
      if (document.visibilityState === 'visible') at(0);
    };
    void poll();
    window.addEventListener('online', wake);
    document.addEventListener('visibilitychange', wake);
    return () => {
      stopped = true;
      soonRef.current = () => undefined;
      if (timer !== undefined) clearTimeout(timer);
      window.removeEventListener('online', wake);
      document.removeEventListener('visibilitychange', wake);
    };
  }, [open, refused, send]);

  const time = (iso: string) => formatDate(iso, locale, 'time');
  const why = !messaging
    ? t('thread.opening')
    : t(messaging.reason === 'connection_lost' ? 'thread.lost' : 'thread.switched', {
        time: time(messaging.openedAt),
      });

  return (
    <section aria-labelledby="join-step" className="vc-card vc-join__step">
      <div className="vc-card__body vc-stack">
        <h2 id="join-step" ref={headingRef} tabIndex={-1}>
          {t('thread.heading')}
        </h2>
        <ThreadView
          why={why}
          offline={browserOnline && reachable ? null : t('thread.offline')}
          entries={threadEntries(listed, sent, queued)}
          authorOf={(entry) =>
            entry.mine
              ? t('thread.you')
              : entry.senderRole === 'provider'
                ? t('thread.clinician')
                : t('thread.careTeam')
          }
          timeOf={time}
          labels={{
            log: t('thread.log'),
            empty: t('thread.empty'),
            message: t('thread.label'),
            send: t('thread.send'),
            waiting: t('thread.waiting'),
          }}
          onSend={(body) => {
            queueMessage(OUTBOX_KEY, body);
            if (open) void flushQueuedMessages(OUTBOX_KEY, send);
          }}
        />
      </div>
    </section>
  );
}
