import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCommunicationServiceStandIn, type CommunicationServiceStandIn } from '../src/index';

interface NatsLib {
  startNats(options: {
    storeDir: string;
    log?: (m: string) => void;
  }): Promise<{ url: string; stop(): Promise<void> } | null>;
}

const scratch = mkdtempSync(path.join(tmpdir(), 'vc-comm-standin-'));
const stops: Array<() => Promise<void>> = [];
let service: CommunicationServiceStandIn;

beforeAll(async () => {
  service = await startCommunicationServiceStandIn();
  stops.push(() => service.stop());
});
afterAll(async () => {
  for (const stop of stops.reverse()) await stop();
  rmSync(scratch, { recursive: true, force: true });
});

const json = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

describe('communication-service stand-in: HTTP protocol', () => {
  it('opens one thread per session, whichever way and however often it is asked', async () => {
    const tenantId = randomUUID();
    const sessionId = `vs_${randomUUID()}`;
    const first = await fetch(
      `${service.url}/threads/by-session/${sessionId}`,
      json('PUT', { tenantId, participantUserIds: ['u1', 'u2', 'u1'] }),
    );
    expect(first.status).toBe(201);
    const thread = (await first.json()) as { id: string; participantUserIds: string[] };
    expect(thread).toMatchObject({ sessionId, tenantId, participantUserIds: ['u1', 'u2'] });
    const again = await fetch(
      `${service.url}/threads/by-session/${sessionId}`,
      json('PUT', { tenantId, participantUserIds: ['u1'] }),
    );
    expect(again.status).toBe(200);
    expect(((await again.json()) as { id: string }).id).toBe(thread.id);
    const read = await fetch(`${service.url}/threads/${thread.id}`);
    expect(await read.json()).toMatchObject({ id: thread.id, sessionId });
    // The same session asked for by another tenant is refused, not shared.
    const other = await fetch(
      `${service.url}/threads/by-session/${sessionId}`,
      json('PUT', { tenantId: randomUUID(), participantUserIds: [] }),
    );
    expect(other.status).toBe(409);
    expect((await fetch(`${service.url}/threads/thr_nope`)).status).toBe(404);
    expect(
      (
        await fetch(
          `${service.url}/threads/by-session/${sessionId}`,
          json('PUT', { participantUserIds: [] }),
        )
      ).status,
    ).toBe(400);
  });

  it('stores messages once per client id, in send order, listed after a cursor', async () => {
    const opened = await fetch(
      `${service.url}/threads/by-session/vs_${randomUUID()}`,
      json('PUT', { tenantId: randomUUID(), participantUserIds: ['p', 'c'] }),
    );
    const { id } = (await opened.json()) as { id: string };
    const messagesUrl = `${service.url}/threads/${id}/messages`;
    const send = (messageId: string, body: string) =>
      fetch(messagesUrl, json('POST', { id: messageId, senderUserId: 'p', body }));
    expect((await send('m1', 'hello')).status).toBe(201);
    expect((await send('m2', 'can you hear me?')).status).toBe(201);
    const resent = await send('m1', 'hello');
    expect(resent.status).toBe(200);
    expect(await resent.json()).toMatchObject({ id: 'm1', threadId: id, body: 'hello' });
    expect((await send('m1', 'something else')).status).toBe(409);
    expect((await send('m3', '')).status).toBe(400);

    const all = (await (await fetch(messagesUrl)).json()) as { messages: Array<{ id: string }> };
    expect(all.messages.map((m) => m.id)).toEqual(['m1', 'm2']);
    const after = (await (await fetch(`${messagesUrl}?after=m1`)).json()) as {
      messages: Array<{ id: string }>;
    };
    expect(after.messages.map((m) => m.id)).toEqual(['m2']);
    expect((await fetch(`${messagesUrl}?after=unknown`)).status).toBe(400);
  });

  it('answers 503 while it is down', async () => {
    service.setDown(true);
    expect((await fetch(`${service.url}/health`)).status).toBe(503);
    service.setDown(false);
    expect((await fetch(`${service.url}/health`)).status).toBe(200);
  });
});

describe('communication-service stand-in: fallback.initiated.v1 from NATS', () => {
  it('opens the session thread from the event stream, one thread with the HTTP path', async () => {
    let natsUrl = process.env.TEST_NATS_URL ?? '';
    if (!natsUrl) {
      const lib = (await import(
        pathToFileURL(path.resolve(import.meta.dirname, '../../../scripts/lib/nats.mjs')).href
      )) as NatsLib;
      const nats = await lib.startNats({ storeDir: path.join(scratch, 'nats'), log: () => {} });
      if (!nats) throw new Error('this test needs nats-server (or TEST_NATS_URL)');
      stops.push(() => nats.stop());
      natsUrl = nats.url;
    }
    // A stream and prefix of this test's own, so a shared test NATS is left as it was.
    const suffix = randomUUID().slice(0, 8);
    const stream = `COMM_TEST_${suffix}`;
    const subjectPrefix = `comm_test_${suffix}`;
    const nc = await connect({ servers: natsUrl });
    const jsm = await jetstreamManager(nc);
    stops.push(async () => {
      await jsm.streams.delete(stream).catch(() => false);
      await nc.close();
    });

    // Started before the stream exists (as `npm start` starts it before the worker): it waits for it.
    const listening = await startCommunicationServiceStandIn({ natsUrl, subjectPrefix, stream });
    stops.push(() => listening.stop());
    await jsm.streams.add({ name: stream, subjects: [`${subjectPrefix}.>`] });

    const tenantId = randomUUID();
    const publish = (sessionId: string, messagingThreadId: string) =>
      jetstream(nc).publish(
        `${subjectPrefix}.${tenantId}.session.fallback.initiated.v1`,
        JSON.stringify({
          specversion: '1.0',
          id: `evt_${randomUUID()}`,
          type: 'virtual_care.session.fallback.initiated.v1',
          tenantid: tenantId,
          data: {
            sessionId,
            messagingThreadId,
            initiatedBy: 'u1',
            sessionStatus: 'failed',
            profile: 'async_text',
          },
        }),
      );
    const fromEvent = `vs_${randomUUID()}`;
    await publish(fromEvent, 'thr_from_event');
    await publish(fromEvent, 'thr_from_event'); // a redelivery or a second publish
    await expect
      .poll(() => listening.threadForSession(fromEvent), { timeout: 10_000 })
      .toMatchObject({
        id: 'thr_from_event',
        tenantId,
      });
    // The HTTP path then finds the same thread.
    const put = await fetch(
      `${listening.url}/threads/by-session/${fromEvent}`,
      json('PUT', { tenantId, participantUserIds: ['u1'] }),
    );
    expect(put.status).toBe(200);
    expect(((await put.json()) as { id: string }).id).toBe('thr_from_event');

    // HTTP first, then its event: still one thread, the HTTP one.
    const fromHttp = `vs_${randomUUID()}`;
    const created = await fetch(
      `${listening.url}/threads/by-session/${fromHttp}`,
      json('PUT', { tenantId, participantUserIds: ['u1'] }),
    );
    const { id: httpThreadId } = (await created.json()) as { id: string };
    await publish(fromHttp, httpThreadId);
    const marker = `vs_${randomUUID()}`;
    await publish(marker, 'thr_marker');
    await expect.poll(() => listening.threadForSession(marker), { timeout: 10_000 }).toBeDefined();
    expect(listening.threads().filter((t) => t.sessionId === fromHttp)).toHaveLength(1);
    expect(listening.threads().filter((t) => t.sessionId === fromEvent)).toHaveLength(1);

    // After a restart (memory gone) it replays the stream and has the threads again.
    await listening.stop();
    const restarted = await startCommunicationServiceStandIn({ natsUrl, subjectPrefix, stream });
    stops.push(() => restarted.stop());
    await expect
      .poll(() => restarted.threadForSession(fromEvent)?.id, { timeout: 10_000 })
      .toBe('thr_from_event');
  });
});
