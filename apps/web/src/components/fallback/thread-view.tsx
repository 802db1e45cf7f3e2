'use client';

import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { QueuedMessage } from './message-outbox';

/** A message the server stored, as both sides read it. */
export interface StoredMessage {
  id: string;
  senderRole: string | null;
  mine: boolean;
  body: string;
  sentAt: string;
}

/** One line of the thread; `sentAt` null: still on this device, waiting to be sent. */
export interface ThreadEntry {
  id: string;
  senderRole: string | null;
  mine: boolean;
  body: string;
  sentAt: string | null;
}

const MAX_CHARS = 2000;

/**
 * The thread in order: what the server listed, then what this device sent that the list has not caught up with,
 * then what is still queued. A message is shown once whatever stage it is at.
 */
export function threadEntries(
  listed: readonly StoredMessage[],
  sent: readonly StoredMessage[],
  queued: readonly QueuedMessage[],
): ThreadEntry[] {
  const seen = new Set(listed.map((m) => m.id));
  const entries: ThreadEntry[] = [...listed];
  const add = (entry: ThreadEntry) => {
    if (seen.has(entry.id)) return;
    seen.add(entry.id);
    entries.push(entry);
  };
  sent.forEach(add);
  for (const m of queued)
    add({ id: m.id, senderRole: null, mine: true, body: m.body, sentAt: null });
  return entries;
}

/**
 * The messaging thread on either side: why and since when the visit is here, the messages (a live log, newest last),
 * and a box to write in. Only layout and words: the caller fetches, queues and sends.
 */
export function ThreadView({
  why,
  offline,
  entries,
  authorOf,
  timeOf,
  labels,
  onSend,
  canWrite = true,
}: {
  why: ReactNode;
  /** Said while the device is offline (what it writes is kept); null when online. */
  offline: string | null;
  entries: readonly ThreadEntry[];
  authorOf: (entry: ThreadEntry) => string;
  timeOf: (iso: string) => string;
  labels: { log: string; empty: string; message: string; send: string; waiting: string };
  onSend: (body: string) => void;
  /** false once the visit is over: the thread stays readable, nothing more can be added. */
  canWrite?: boolean;
}) {
  const inputId = useId();
  const [draft, setDraft] = useState('');
  const logRef = useRef<HTMLDivElement>(null);
  const count = entries.length;
  useEffect(() => {
    // Newest last, in view: the thread reads like any messaging app.
    const log = logRef.current;
    if (log) log.scrollTop = log.scrollHeight;
  }, [count]);

  return (
    <div className="vc-thread">
      {/* The server writes the time in its own zone, the browser in the patient's: the browser's stands. */}
      <p className="vc-thread__why" suppressHydrationWarning>
        {why}
      </p>
      {offline ? (
        <p role="status" className="vc-alert vc-alert--warning">
          {offline}
        </p>
      ) : null}
      {/* Focusable so a keyboard can scroll it; polite, so a new message is read out without interrupting. */}
      <div
        ref={logRef}
        role="log"
        aria-live="polite"
        aria-label={labels.log}
        tabIndex={0}
        className="vc-thread__log"
      >
        {count === 0 ? (
          <p className="vc-thread__empty">{labels.empty}</p>
        ) : (
          <ol className="vc-thread__list">
            {entries.map((entry) => (
              <li
                key={entry.id}
                data-testid="thread-message"
                data-state={entry.sentAt === null ? 'waiting' : 'sent'}
                className={
                  entry.mine ? 'vc-thread__message vc-thread__message--mine' : 'vc-thread__message'
                }
              >
                <span className="vc-thread__author">{authorOf(entry)}</span>
                <p className="vc-thread__body">{entry.body}</p>
                <span className="vc-thread__meta">
                  {entry.sentAt === null ? labels.waiting : timeOf(entry.sentAt)}
                </span>
              </li>
            ))}
          </ol>
        )}
      </div>
      {canWrite ? (
        <form
          className="vc-thread__composer"
          onSubmit={(event) => {
            event.preventDefault();
            const body = draft.trim();
            if (!body) return;
            onSend(body);
            setDraft('');
          }}
        >
          <label htmlFor={inputId} className="vc-field__label">
            {labels.message}
          </label>
          <textarea
            id={inputId}
            className="vc-field__input"
            rows={2}
            maxLength={MAX_CHARS}
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
          />
          <button type="submit" className="vc-button vc-button--primary" disabled={!draft.trim()}>
            {labels.send}
          </button>
        </form>
      ) : null}
    </div>
  );
}
