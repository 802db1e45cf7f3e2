import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

/**
 * The patient's async-visit drafts, kept on the phone (IndexedDB) until the clinic has them. Used by the page
 * and by the service worker's Background Sync alike, so nothing here touches the DOM.
 *
 * States: `editing` (the form being written), `saved` (on this phone, waiting for a connection), `sending`,
 * `sent` (the clinic has it), `answered` (the clinic's answer is here), `problem` (the clinic refused it, and
 * resending the same content would not help).
 */
export type DraftState = 'editing' | 'saved' | 'sending' | 'sent' | 'answered' | 'problem';

export interface DraftPhoto {
  /** `att_` + ULID, made when the photo was added: an upload retried with the same ref stores nothing twice. */
  ref: string;
  sha256: string;
  contentType: string;
  size: number;
  /** Dropped once the clinic has the visit: the phone keeps no more health data than it needs to. */
  blob: Blob | null;
  uploaded: boolean;
}

export interface IntakeAnswer {
  questionId: string;
  question: string;
  answer: string;
}

export interface Draft {
  /** Set when the draft is created; the server answers a replay of it with the visit it already made. */
  clientMutationId: string;
  state: DraftState;
  chiefComplaint: string;
  /** The form's fields as typed, while `editing` (the draft comes back as it was after a reload). */
  fields: Record<string, string>;
  answers: IntakeAnswer[];
  photos: DraftPhoto[];
  createdAt: number;
  updatedAt: number;
  visitId: string | null;
  response: string | null;
  /** The error code the clinic answered with, for a draft in `problem`. */
  problem: string | null;
}

interface DraftDb extends DBSchema {
  drafts: { key: string; value: Draft };
}

const DB_NAME = 'virtual-care-async-visits';

/** Every write is announced here, so each open page (and the one that wrote) redraws from the store. */
function announce(): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(DB_NAME);
  channel.postMessage('changed');
  channel.close();
}

export function onDraftsChanged(listener: () => void): void {
  if (typeof BroadcastChannel === 'undefined') return;
  new BroadcastChannel(DB_NAME).onmessage = listener;
}

export interface DraftStore {
  all(): Promise<Draft[]>;
  get(clientMutationId: string): Promise<Draft | undefined>;
  put(draft: Draft): Promise<void>;
  /** Applies `change` to the stored draft in one transaction (a concurrent writer cannot undo it). */
  update(clientMutationId: string, change: (draft: Draft) => Draft): Promise<Draft | undefined>;
  remove(clientMutationId: string): Promise<void>;
  close(): void;
}

export async function openDraftStore(): Promise<DraftStore> {
  const db: IDBPDatabase<DraftDb> = await openDB<DraftDb>(DB_NAME, 1, {
    upgrade(database) {
      database.createObjectStore('drafts', { keyPath: 'clientMutationId' });
    },
  });
  return {
    async all() {
      const drafts = await db.getAll('drafts');
      return drafts.sort((a, b) => a.createdAt - b.createdAt);
    },
    get: (id) => db.get('drafts', id),
    async put(draft) {
      await db.put('drafts', draft);
      announce();
    },
    async update(id, change) {
      const tx = db.transaction('drafts', 'readwrite');
      const current = await tx.store.get(id);
      const next = current ? change(current) : undefined;
      if (next) await tx.store.put(next);
      await tx.done;
      if (next) announce();
      return next;
    },
    async remove(id) {
      await db.delete('drafts', id);
      announce();
    },
    close: () => db.close(),
  };
}

/** A draft waits for the connection while it is `saved` or was cut off while `sending`. */
export function isQueued(draft: Draft): boolean {
  return draft.state === 'saved' || draft.state === 'sending';
}
