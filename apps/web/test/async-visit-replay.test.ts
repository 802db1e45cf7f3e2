import 'fake-indexeddb/auto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  openDraftStore,
  type Draft,
  type DraftStore,
} from '../src/app/portal/async-visits/_offline/draft-store';
import { replay } from '../src/app/portal/async-visits/_offline/replay';

/**
 * The phone's queue of async-visit drafts (IndexedDB, here fake-indexeddb) replayed against a local server that
 * answers as the API does: a photo's ref and a draft's clientMutationId are idempotent, and the link can be cut
 * after the server has done its part.
 */
interface Behaviour {
  /** Cut the connection after handling the Nth request (1-based), as a link that drops mid-answer. */
  cutAfter?: number;
  status?: number;
  body?: unknown;
}

const photos = new Map<string, number>();
const visits = new Map<string, { id: string; response: string | null }>();
const requests: string[] = [];
let behaviour: Behaviour = {};
let server: Server;
let base: string;

async function bodyOf(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function api(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const body = await bodyOf(request);
  requests.push(`${request.method} ${request.url}`);
  const answer = (status: number, json: unknown) => {
    if (behaviour.cutAfter === requests.length) {
      request.socket.destroy();
      return;
    }
    response.writeHead(behaviour.status ?? status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(behaviour.body ?? json));
  };
  const url = new URL(request.url!, base);
  if (request.method === 'PUT') {
    const ref = url.pathname.split('/').pop()!;
    const created = !photos.has(ref);
    photos.set(ref, body.length);
    return answer(created ? 201 : 200, { ref });
  }
  if (request.method === 'POST') {
    const { clientMutationId, attachments } = JSON.parse(body.toString()) as {
      clientMutationId: string;
      attachments: { ref: string }[];
    };
    const existing = visits.get(clientMutationId);
    if (existing) return answer(200, existing);
    const missing = attachments.find(({ ref }) => !photos.has(ref));
    if (missing)
      return answer(400, { code: 'VALIDATION_FAILED', details: { attachmentRef: missing.ref } });
    const visit = { id: `avs_${visits.size + 1}`, response: null };
    visits.set(clientMutationId, visit);
    return answer(201, visit);
  }
  const items = [...visits].map(([clientMutationId, visit]) => ({ ...visit, clientMutationId }));
  return answer(200, { items, nextCursor: null });
}

/** The page's fetch, aimed at the local server. */
const fetchApi: typeof fetch = (input, init) =>
  fetch(new URL(input as string, base), { ...init, credentials: undefined });

function draft(id: string, photoCount: number): Draft {
  return {
    clientMutationId: id,
    state: 'saved',
    chiefComplaint: 'A rash on my arm',
    fields: {},
    answers: [{ questionId: 'onset', question: 'Since when?', answer: 'Three days' }],
    photos: Array.from({ length: photoCount }, (_, i) => ({
      ref: `att_01JF00000000000000000000${i}${i}`,
      sha256: 'a'.repeat(64),
      contentType: 'image/jpeg',
      size: 3,
      blob: new Blob([new Uint8Array([0xff, 0xd8, i])], { type: 'image/jpeg' }),
      uploaded: false,
    })),
    createdAt: Date.now(),
    updatedAt: Date.now(),
    visitId: null,
    response: null,
    problem: null,
  };
}

let store: DraftStore;
const noLocks = undefined;

beforeAll(async () => {
  server = createServer((request, response) => void api(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(async () => {
  photos.clear();
  visits.clear();
  requests.length = 0;
  behaviour = {};
  store?.close();
  indexedDB.deleteDatabase('virtual-care-async-visits');
  store = await openDraftStore();
});

describe('the async-visit queue on the phone', () => {
  it('sends each photo, then the visit, and keeps no photo once the clinic has it', async () => {
    await store.put(draft('01JF0000000000000000000001', 2));
    expect(await replay(store, fetchApi, noLocks)).toBe('done');
    const [sent] = await store.all();
    expect(sent).toMatchObject({ state: 'sent', visitId: 'avs_1' });
    expect(sent!.photos.map((p) => [p.uploaded, p.blob])).toEqual([
      [true, null],
      [true, null],
    ]);
    expect(requests.filter((r) => !r.startsWith('GET'))).toEqual([
      'PUT /api/v1/virtual-care/async-visits/attachments/att_01JF0000000000000000000000',
      'PUT /api/v1/virtual-care/async-visits/attachments/att_01JF0000000000000000000011',
      'POST /api/v1/virtual-care/async-visits',
    ]);
  });

  it('keeps the draft saved with no connection at all', async () => {
    await store.put(draft('01JF0000000000000000000002', 1));
    const nowhere: typeof fetch = () => Promise.reject(new TypeError('Failed to fetch'));
    expect(await replay(store, nowhere, noLocks)).toBe('offline');
    expect(await store.all()).toMatchObject([{ state: 'saved', photos: [{ uploaded: false }] }]);
  });

  it('a link cut after the server stored a photo: sent again later, nothing twice, nothing lost', async () => {
    await store.put(draft('01JF0000000000000000000003', 2));
    behaviour = { cutAfter: 2 };
    expect(await replay(store, fetchApi, noLocks)).toBe('offline');
    expect(await store.all()).toMatchObject([
      { state: 'saved', photos: [{ uploaded: true }, { uploaded: false }] },
    ]);
    expect(photos.size).toBe(2);

    behaviour = {};
    expect(await replay(store, fetchApi, noLocks)).toBe('done');
    expect(await store.all()).toMatchObject([{ state: 'sent', visitId: 'avs_1' }]);
    expect(photos.size).toBe(2);
    expect(visits.size).toBe(1);
  });

  it('a visit whose answer was lost is sent again and the server answers the same visit', async () => {
    await store.put(draft('01JF0000000000000000000004', 0));
    behaviour = { cutAfter: 1 };
    expect(await replay(store, fetchApi, noLocks)).toBe('offline');
    behaviour = {};
    expect(await replay(store, fetchApi, noLocks)).toBe('done');
    expect(requests.filter((r) => r.startsWith('POST'))).toHaveLength(2);
    expect(visits.size).toBe(1);
    expect(await store.all()).toMatchObject([{ state: 'sent', visitId: 'avs_1' }]);
  });

  it('a photo the server no longer has (swept while the draft waited) is sent again', async () => {
    await store.put(draft('01JF0000000000000000000009', 2));
    behaviour = { cutAfter: 2 };
    expect(await replay(store, fetchApi, noLocks)).toBe('offline');
    photos.clear(); // a week on, the sweep has removed the photos no visit named
    behaviour = {};
    expect(await replay(store, fetchApi, noLocks)).toBe('done');
    expect(await store.all()).toMatchObject([{ state: 'sent', visitId: 'avs_1' }]);
    expect(photos.size).toBe(2);
  });

  it('signed out: the draft waits on the phone', async () => {
    await store.put(draft('01JF0000000000000000000005', 1));
    behaviour = { status: 401, body: { code: 'UNAUTHENTICATED' } };
    expect(await replay(store, fetchApi, noLocks)).toBe('signed-out');
    expect(await store.all()).toMatchObject([{ state: 'saved' }]);
  });

  it('refused by the clinic: the draft shows the problem and the queue goes on', async () => {
    await store.put(draft('01JF0000000000000000000006', 0));
    await store.put({ ...draft('01JF0000000000000000000007', 0), createdAt: Date.now() + 1 });
    behaviour = { status: 422, body: { code: 'ATTACHMENT_LIMIT_EXCEEDED' } };
    expect(await replay(store, fetchApi, noLocks)).toBe('done');
    expect(await store.all()).toMatchObject([
      { state: 'problem', problem: 'ATTACHMENT_LIMIT_EXCEEDED' },
      { state: 'problem', problem: 'ATTACHMENT_LIMIT_EXCEEDED' },
    ]);
  });

  it("brings the clinic's answer to a sent draft", async () => {
    await store.put(draft('01JF0000000000000000000008', 0));
    await replay(store, fetchApi, noLocks);
    visits.get('01JF0000000000000000000008')!.response = 'Use the cream twice a day.';
    expect(await replay(store, fetchApi, noLocks)).toBe('done');
    expect(await store.all()).toMatchObject([
      { state: 'answered', response: 'Use the cream twice a day.' },
    ]);
  });
});
