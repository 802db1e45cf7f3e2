import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { QueuedMessage, SendOutcome } from '../src/components/fallback/message-outbox';
import { threadEntries } from '../src/components/fallback/thread-view';

/** The phone's storage, which outlives a reload (the module, and its memory, do not). */
const storage = new Map<string, string>();
const KEY = 'vc-join-thread-outbox';

beforeEach(() => {
  storage.clear();
  vi.stubGlobal('window', {
    localStorage: {
      getItem: (key: string) => storage.get(key) ?? null,
      setItem: (key: string, value: string) => void storage.set(key, value),
      removeItem: (key: string) => void storage.delete(key),
    },
  });
});
afterEach(() => vi.unstubAllGlobals());

/** A fresh copy of the outbox, as after reloading the page. */
async function reload() {
  vi.resetModules();
  return import('../src/components/fallback/message-outbox');
}

/** The service side: stores a message once per id, as communication-service does; offline refuses everything. */
function server() {
  const stored: QueuedMessage[] = [];
  let online = true;
  const send = (message: QueuedMessage): Promise<SendOutcome> => {
    if (!online) return Promise.resolve('retry');
    if (!stored.some((m) => m.id === message.id)) stored.push(message);
    return Promise.resolve('sent');
  };
  return { stored, send, setOnline: (value: boolean) => (online = value) };
}

describe('messages written on a bad connection (US-008)', () => {
  it('written offline, kept across a reload, sent once in order when the network is back', async () => {
    const service = server();
    service.setOnline(false);
    let outbox = await reload();
    outbox.queueMessage(KEY, 'My camera stopped');
    outbox.queueMessage(KEY, 'Can you read me?');
    await outbox.flushQueuedMessages(KEY, service.send);
    expect(service.stored).toEqual([]);

    outbox = await reload();
    service.setOnline(true);
    await Promise.all([
      outbox.flushQueuedMessages(KEY, service.send),
      outbox.flushQueuedMessages(KEY, service.send),
    ]);
    expect(service.stored.map((m) => m.body)).toEqual(['My camera stopped', 'Can you read me?']);
    expect(storage.has(KEY)).toBe(false);
  });

  it('a send whose answer was lost is resent with the same id and stored once', async () => {
    const service = server();
    const outbox = await reload();
    const written = outbox.queueMessage(KEY, 'Are you there?');
    // Stored by the service, but the answer never came back: the message stays queued.
    await outbox.flushQueuedMessages(KEY, async (m) => {
      await service.send(m);
      return 'retry';
    });
    await outbox.flushQueuedMessages(KEY, service.send);
    expect(service.stored).toEqual([{ id: written.id, body: 'Are you there?' }]);
    expect(written.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
  });

  it('the thread shows each message once: listed, sent but not yet listed, or waiting to send', () => {
    const listed = [{ id: 'a', senderRole: 'provider', mine: false, body: 'Hello', sentAt: 'x' }];
    const sent = [{ id: 'b', senderRole: 'patient', mine: true, body: 'Hi', sentAt: 'y' }];
    const entries = threadEntries([...listed, sent[0]!], sent, [
      { id: 'b', body: 'Hi' },
      { id: 'c', body: 'Still there?' },
    ]);
    expect(entries.map((e) => [e.body, e.sentAt === null ? 'waiting' : 'sent'])).toEqual([
      ['Hello', 'sent'],
      ['Hi', 'sent'],
      ['Still there?', 'waiting'],
    ]);
  });
});
