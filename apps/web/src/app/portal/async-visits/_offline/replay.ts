import { isQueued, type Draft, type DraftPhoto, type DraftStore } from './draft-store';

/**
 * Sends the drafts saved on the phone to the clinic, oldest first: each photo on its own, then the visit. Safe to
 * run again at any point (a lost answer, a cut link, the page and the service worker at once): a photo's ref and
 * the draft's clientMutationId make every request idempotent on the server, and the stored draft only moves
 * forward after the server has said so.
 */
export const API = '/api/v1/virtual-care/async-visits';
/** The Background Sync tag the page registers and the service worker answers. */
export const SYNC_TAG = 'virtual-care-async-visit-replay';
/** One replay at a time per browser, across tabs and the service worker. */
const LOCK = 'virtual-care-async-visit-replay';

export type ReplayOutcome = 'done' | 'offline' | 'signed-out';

type Step =
  | { kind: 'ok'; body: unknown }
  | { kind: 'offline' | 'signed-out' }
  | { kind: 'refused'; code: string; attachmentRef?: string };

async function send(fetchFn: typeof fetch, url: string, init: RequestInit): Promise<Step> {
  let response: Response;
  try {
    response = await fetchFn(url, { ...init, credentials: 'same-origin', cache: 'no-store' });
  } catch {
    return { kind: 'offline' };
  }
  if (response.ok) return { kind: 'ok', body: await response.json().catch(() => null) };
  if (response.status === 401) return { kind: 'signed-out' };
  // Busy or down: the same request later will do.
  if (response.status === 408 || response.status === 429 || response.status >= 500)
    return { kind: 'offline' };
  const body = (await response.json().catch(() => null)) as {
    code?: unknown;
    details?: { attachmentRef?: unknown } | null;
  } | null;
  const attachmentRef = body?.details?.attachmentRef;
  return {
    kind: 'refused',
    code: typeof body?.code === 'string' ? body.code : `HTTP_${response.status}`,
    ...(typeof attachmentRef === 'string' ? { attachmentRef } : {}),
  };
}

function uploadPhoto(fetchFn: typeof fetch, photo: DraftPhoto & { blob: Blob }): Promise<Step> {
  return send(fetchFn, `${API}/attachments/${photo.ref}`, {
    method: 'PUT',
    headers: { 'Content-Type': photo.contentType, 'X-Content-SHA256': photo.sha256 },
    body: photo.blob,
  });
}

function submitVisit(fetchFn: typeof fetch, draft: Draft): Promise<Step> {
  return send(fetchFn, API, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      clientMutationId: draft.clientMutationId,
      chiefComplaint: draft.chiefComplaint,
      answers: draft.answers,
      attachments: draft.photos.map(({ ref, sha256, contentType }) => ({
        ref,
        sha256,
        contentType,
      })),
    }),
  });
}

/** One draft to the clinic. Answers 'done' when it is sent or refused for good. */
async function replayDraft(
  store: DraftStore,
  fetchFn: typeof fetch,
  draft: Draft,
  retried = false,
): Promise<'done' | 'offline' | 'signed-out'> {
  const id = draft.clientMutationId;
  await store.update(id, (d) => ({ ...d, state: 'sending', updatedAt: Date.now() }));
  const stopped = async (kind: 'offline' | 'signed-out') => {
    await store.update(id, (d) => ({ ...d, state: 'saved' }));
    return kind;
  };
  const refused = async (code: string) => {
    await store.update(id, (d) => ({ ...d, state: 'problem', problem: code }));
    return 'done' as const;
  };
  for (const photo of draft.photos) {
    if (photo.uploaded) continue;
    if (!photo.blob) return refused('PHOTO_MISSING');
    const step = await uploadPhoto(fetchFn, { ...photo, blob: photo.blob });
    if (step.kind === 'refused') return refused(step.code);
    if (step.kind !== 'ok') return stopped(step.kind);
    await store.update(id, (d) => ({
      ...d,
      photos: d.photos.map((p) => (p.ref === photo.ref ? { ...p, uploaded: true } : p)),
    }));
  }
  const step = await submitVisit(fetchFn, draft);
  // The server no longer has a photo it once took (unclaimed too long, decision 0030): send it again, once.
  const gone =
    step.kind === 'refused' ? draft.photos.find((p) => p.ref === step.attachmentRef) : undefined;
  if (gone?.blob && gone.uploaded && !retried) {
    const again = await store.update(id, (d) => ({
      ...d,
      photos: d.photos.map((p) => (p.ref === gone.ref ? { ...p, uploaded: false } : p)),
    }));
    if (again) return replayDraft(store, fetchFn, again, true);
  }
  if (step.kind === 'refused') return refused(step.code);
  if (step.kind !== 'ok') return stopped(step.kind);
  const visit = step.body as { id: string };
  await store.update(id, (d) => ({
    ...d,
    state: 'sent',
    visitId: visit.id,
    // The clinic has the photos now; the phone need not keep them.
    photos: d.photos.map((p) => ({ ...p, blob: null })),
    updatedAt: Date.now(),
  }));
  return 'done';
}

interface VisitSummary {
  id: string;
  clientMutationId: string;
  status: string;
  response: string | null;
}

/** Brings the clinic's answers to the drafts that were sent. */
async function collectAnswers(store: DraftStore, fetchFn: typeof fetch): Promise<ReplayOutcome> {
  const waiting = (await store.all()).filter((d) => d.state === 'sent');
  if (waiting.length === 0) return 'done';
  const step = await send(fetchFn, `${API}?limit=100`, { method: 'GET' });
  if (step.kind === 'refused') return 'done';
  if (step.kind !== 'ok') return step.kind;
  const visits = (step.body as { items: VisitSummary[] }).items;
  for (const draft of waiting) {
    const visit = visits.find((v) => v.clientMutationId === draft.clientMutationId);
    if (visit?.response)
      await store.update(draft.clientMutationId, (d) => ({
        ...d,
        state: 'answered',
        response: visit.response,
        updatedAt: Date.now(),
      }));
  }
  return 'done';
}

async function replayAll(store: DraftStore, fetchFn: typeof fetch): Promise<ReplayOutcome> {
  for (const draft of (await store.all()).filter(isQueued)) {
    const outcome = await replayDraft(store, fetchFn, draft);
    if (outcome !== 'done') return outcome;
  }
  return collectAnswers(store, fetchFn);
}

/** Replays the queue unless another tab or the service worker is at it already (then: 'done', they are). */
export async function replay(
  store: DraftStore,
  fetchFn: typeof fetch = fetch,
  locks: LockManager | undefined = globalThis.navigator?.locks,
): Promise<ReplayOutcome> {
  if (!locks) return replayAll(store, fetchFn);
  return locks.request(LOCK, { ifAvailable: true }, (lock) =>
    lock ? replayAll(store, fetchFn) : ('done' as const),
  );
}
