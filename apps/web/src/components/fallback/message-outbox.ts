import { useEffect, useState, useSyncExternalStore } from 'react';

/**
 * Messages written in a visit's messaging thread that the server has not confirmed yet (US-008: "a message written
 * while offline is queued and sent once on reconnect"). Kept in localStorage, so nothing is lost across a reload or
 * a closed tab; each carries the id its device made, so a resend after a lost answer is stored once (the service
 * dedupes by id). Plain TypeScript + useSyncExternalStore: the patient's join page uses it without a data library.
 */

export interface QueuedMessage {
  /** A ULID made on this device when the message was written. */
  id: string;
  body: string;
}

/** What became of one attempt: confirmed, try again later (offline, service down), or never sendable. */
export type SendOutcome = 'sent' | 'retry' | 'drop';

const EMPTY: readonly QueuedMessage[] = [];
const cache = new Map<string, readonly QueuedMessage[]>();
const listeners = new Set<() => void>();
const flushing = new Set<string>();

function read(key: string): readonly QueuedMessage[] {
  let queued = cache.get(key);
  if (queued === undefined) {
    queued = parse(safeStorage()?.getItem(key) ?? null);
    cache.set(key, queued);
  }
  return queued;
}

function write(key: string, queued: readonly QueuedMessage[]): void {
  cache.set(key, queued);
  try {
    if (queued.length === 0) safeStorage()?.removeItem(key);
    else safeStorage()?.setItem(key, JSON.stringify(queued));
  } catch {
    // Storage full or refused (private mode): the queue still lives while the page does.
  }
  for (const listener of listeners) listener();
}

function parse(text: string | null): readonly QueuedMessage[] {
  if (!text) return EMPTY;
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value)
      ? value.filter(
          (m): m is QueuedMessage =>
            typeof (m as QueuedMessage).id === 'string' &&
            typeof (m as QueuedMessage).body === 'string',
        )
      : EMPTY;
  } catch {
    return EMPTY;
  }
}

function safeStorage(): Storage | null {
  try {
    return typeof window === 'undefined' ? null : window.localStorage;
  } catch {
    return null;
  }
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // Another tab of the same visit wrote or sent: read its queue again.
  const fromOtherTab = (event: StorageEvent) => {
    if (event.key === null || cache.has(event.key)) {
      if (event.key === null) cache.clear();
      else cache.delete(event.key);
      listener();
    }
  };
  window.addEventListener('storage', fromOtherTab);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', fromOtherTab);
  };
}

/** The queue under `key`, live (empty on the server: it exists only on the device). */
export function useQueuedMessages(key: string): readonly QueuedMessage[] {
  return useSyncExternalStore(
    subscribe,
    () => read(key),
    () => EMPTY,
  );
}

/** Keeps a new message under `key` before anything is sent, so it survives whatever happens next. */
export function queueMessage(key: string, body: string): QueuedMessage {
  const message = { id: newMessageId(), body };
  write(key, [...read(key), message]);
  return message;
}

/**
 * Sends the queue in order, one at a time, until it is empty or an attempt says "retry"; one flush per key at a
 * time (a second call while one runs does nothing: the running one reaches its messages too).
 */
export async function flushQueuedMessages(
  key: string,
  send: (message: QueuedMessage) => Promise<SendOutcome>,
): Promise<void> {
  if (flushing.has(key)) return;
  flushing.add(key);
  try {
    for (let next = read(key)[0]; next !== undefined; next = read(key)[0]) {
      if ((await send(next)) === 'retry') return;
      const sentId = next.id;
      write(
        key,
        read(key).filter((m) => m.id !== sentId),
      );
    }
  } finally {
    flushing.delete(key);
  }
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A ULID (time-ordered, 26 characters) from getRandomValues, which works on plain-http pages too. */
export function newMessageId(): string {
  let id = '';
  for (let time = Date.now(), i = 0; i < 10; i += 1, time = Math.floor(time / 32))
    id = CROCKFORD.charAt(time % 32) + id;
  for (const byte of crypto.getRandomValues(new Uint8Array(16))) id += CROCKFORD.charAt(byte % 32);
  return id;
}

/** The browser's own online/offline word, live (true until it says otherwise). */
export function useBrowserOnline(): boolean {
  const [online, setOnline] = useState(true);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  return online;
}
