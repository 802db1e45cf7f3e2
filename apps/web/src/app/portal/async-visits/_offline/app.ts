import { ulid } from 'ulid';
import type { AsyncVisitMessages } from '../shell';
import {
  onDraftsChanged,
  openDraftStore,
  type Draft,
  type DraftStore,
  type IntakeAnswer,
} from './draft-store';
import { fill, PAGE_PATH } from './page';
import { resizePhoto, sha256Hex, UnreadablePhotoError } from './photo';
import { replay, SYNC_TAG } from './replay';

/**
 * The patient's async-visit page, with no framework: the HTML arrives complete, and this script (a few KB) makes
 * it work. Drafts live in IndexedDB from the first keystroke; a sent draft is replayed until the clinic has it.
 */
const byId = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const t = JSON.parse(byId('vc-messages').textContent ?? '{}') as AsyncVisitMessages;

const form = byId<HTMLFormElement>('draft-form');
const complaint = byId<HTMLTextAreaElement>('chiefComplaint');
const photoInput = byId<HTMLInputElement>('photos');
const photoList = byId<HTMLUListElement>('photo-list');
const formError = byId<HTMLParagraphElement>('form-error');
const draftList = byId<HTMLOListElement>('drafts');
const submitButton = form.querySelector<HTMLButtonElement>('button[type=submit]')!;
const maxPhotos = Number(photoInput.dataset.max ?? 10);
const when = new Intl.DateTimeFormat(document.documentElement.lang, {
  dateStyle: 'medium',
  timeStyle: 'short',
});

/** The questions the form asks besides the complaint, and how each answer reads in the patient's language. */
const QUESTIONS: { id: string; question: string; options?: Record<string, string> }[] = [
  { id: 'onset', question: t.onset },
  {
    id: 'severity',
    question: t.severity,
    options: { mild: t.severityMild, moderate: t.severityModerate, severe: t.severitySevere },
  },
  { id: 'fever', question: t.fever, options: { yes: t.yes, no: t.no, notSure: t.notSure } },
  { id: 'medicines', question: t.medicines },
];

function newDraft(): Draft {
  const now = Date.now();
  return {
    clientMutationId: ulid(),
    state: 'editing',
    chiefComplaint: '',
    fields: {},
    answers: [],
    photos: [],
    createdAt: now,
    updatedAt: now,
    visitId: null,
    response: null,
    problem: null,
  };
}

function fieldsOf(): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [name, value] of new FormData(form))
    if (typeof value === 'string') fields[name] = value;
  return fields;
}

function answersOf(fields: Record<string, string>): IntakeAnswer[] {
  return QUESTIONS.flatMap(({ id, question, options }) => {
    const value = fields[id]?.trim();
    if (!value) return [];
    return [{ questionId: id, question, answer: options?.[value] ?? value }];
  });
}

function showError(message: string | null): void {
  formError.textContent = message ?? '';
  formError.hidden = message === null;
}

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string,
  className?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

let previewUrls: string[] = [];

function renderPhotos(draft: Draft, onRemove: (ref: string) => void): void {
  for (const url of previewUrls) URL.revokeObjectURL(url);
  previewUrls = [];
  photoList.replaceChildren(
    ...draft.photos.map((photo, index) => {
      const item = element('li');
      const image = element('img');
      if (photo.blob) {
        image.src = URL.createObjectURL(photo.blob);
        previewUrls.push(image.src);
      }
      image.alt = fill(t.photoAlt, { number: index + 1 });
      const remove = element('button', t.delete, 'quiet');
      remove.type = 'button';
      remove.setAttribute('aria-label', fill(t.removePhoto, { number: index + 1 }));
      remove.addEventListener('click', () => onRemove(photo.ref));
      item.append(image, remove);
      return item;
    }),
  );
}

function renderDrafts(drafts: Draft[], onDelete: (id: string) => void): void {
  const shown = drafts.filter((d) => d.state !== 'editing').reverse();
  if (shown.length === 0) {
    draftList.replaceChildren(element('li', t.noDrafts, 'meta'));
    return;
  }
  draftList.replaceChildren(
    ...shown.map((draft) => {
      const item = element('li');
      item.dataset.state = draft.state;
      item.dataset.clientMutationId = draft.clientMutationId;
      const head = element('p');
      head.append(
        element('span', t.state[draft.state as keyof typeof t.state], 'state'),
        ' ',
        element('span', fill(t.savedAt, { time: when.format(draft.createdAt) }), 'meta'),
      );
      item.append(head, element('p', draft.chiefComplaint));
      if (draft.photos.length > 0)
        item.append(element('p', fill(t.photoCount, { count: draft.photos.length }), 'meta'));
      if (draft.state === 'answered' && draft.response) {
        item.append(element('h3', t.answerTitle), element('p', draft.response, 'answer'));
      }
      if (draft.state === 'problem') {
        const remove = element('button', t.delete, 'quiet');
        remove.type = 'button';
        remove.addEventListener('click', () => onDelete(draft.clientMutationId));
        item.append(element('p', fill(t.problemHelp, { code: draft.problem ?? '' })), remove);
      }
      return item;
    }),
  );
}

function restoreForm(draft: Draft): void {
  for (const [name, value] of Object.entries(draft.fields)) {
    const field = form.elements.namedItem(name);
    if (field instanceof RadioNodeList) field.value = value;
    else if (field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement)
      field.value = value;
  }
}

function showConnection(): void {
  byId('connection').textContent = navigator.onLine ? t.online : t.offline;
}

async function registerWorker(): Promise<ServiceWorkerRegistration | null> {
  if (!('serviceWorker' in navigator)) return null;
  try {
    return await navigator.serviceWorker.register(`${PAGE_PATH}/sw.js`, {
      scope: PAGE_PATH,
    });
  } catch {
    return null; // the page still works online; only the offline start is lost
  }
}

async function boot(): Promise<void> {
  const store: DraftStore = await openDraftStore();
  let current = (await store.all()).find((d) => d.state === 'editing') ?? newDraft();
  let photosPending: Promise<unknown> = Promise.resolve();
  const registration = registerWorker();

  const saveCurrent = async () => {
    current = {
      ...current,
      fields: fieldsOf(),
      chiefComplaint: complaint.value,
      updatedAt: Date.now(),
    };
    await store.put(current);
  };
  const removePhoto = async (ref: string) => {
    current = { ...current, photos: current.photos.filter((p) => p.ref !== ref) };
    await saveCurrent();
  };
  const render = async () => {
    renderDrafts(await store.all(), (id) => void store.remove(id));
    renderPhotos(current, (ref) => void removePhoto(ref));
  };
  const sync = async () => {
    showConnection();
    if (!navigator.onLine) return;
    byId('signed-out').hidden = (await replay(store)) !== 'signed-out';
  };

  const addPhotos = async (files: File[]) => {
    showError(null);
    const room = maxPhotos - current.photos.length;
    if (files.length > room) showError(fill(t.tooManyPhotos, { max: maxPhotos }));
    for (const file of files.slice(0, Math.max(0, room))) {
      try {
        const { blob } = await resizePhoto(file);
        current.photos.push({
          ref: `att_${ulid()}`,
          sha256: await sha256Hex(blob),
          contentType: blob.type,
          size: blob.size,
          blob,
          uploaded: false,
        });
        await saveCurrent();
      } catch (error) {
        showError(
          error instanceof UnreadablePhotoError && error.heic ? t.photoHeic : t.photoUnreadable,
        );
      }
    }
  };

  let typing: ReturnType<typeof setTimeout> | undefined;
  form.addEventListener('input', (event) => {
    if (event.target === photoInput) return;
    clearTimeout(typing);
    typing = setTimeout(() => void saveCurrent(), 300);
  });
  photoInput.addEventListener('change', () => {
    const files = Array.from(photoInput.files ?? []);
    photoInput.value = '';
    photosPending = photosPending.then(() => addPhotos(files));
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      if (!complaint.value.trim()) {
        complaint.setAttribute('aria-invalid', 'true');
        showError(t.complaintRequired);
        complaint.focus();
        return;
      }
      complaint.removeAttribute('aria-invalid');
      showError(null);
      clearTimeout(typing);
      await photosPending;
      const fields = fieldsOf();
      await store.put({
        ...current,
        state: 'saved',
        fields: {},
        chiefComplaint: complaint.value.trim(),
        answers: answersOf(fields),
        updatedAt: Date.now(),
      });
      current = newDraft();
      form.reset();
      await render();
      // Ask the browser not to clear the drafts under storage pressure, and to wake us when the link is back.
      void navigator.storage?.persist?.();
      void registration
        .then((r) =>
          (r as { sync?: { register(tag: string): Promise<void> } } | null)?.sync?.register(
            SYNC_TAG,
          ),
        )
        .catch(() => undefined);
      await sync();
    })();
  });
  window.addEventListener('online', () => void sync());
  window.addEventListener('offline', showConnection);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void sync();
  });
  onDraftsChanged(() => void render());
  // The clinic's answers come while the page is open.
  setInterval(() => {
    if (document.visibilityState === 'visible') void sync();
  }, 30_000);

  restoreForm(current);
  await render();
  submitButton.disabled = false;
  document.documentElement.dataset.ready = 'true';
  await sync();
}

void boot();
