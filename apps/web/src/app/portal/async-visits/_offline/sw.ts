/// <reference lib="webworker" />
import { NetworkOnly, Serwist, StaleWhileRevalidate, type PrecacheEntry } from 'serwist';
import { openDraftStore } from './draft-store';
import { PAGE_PATH } from './page';
import { replay, SYNC_TAG } from './replay';

/**
 * The service worker of the patient's async-visit page (scope /portal/async-visits only). It keeps the page's
 * shell and script so the page opens with no network, and sends the saved drafts when Background Sync says the
 * link is back. It never keeps an API answer: the only health data on the phone is the patient's own drafts, in
 * IndexedDB.
 */
declare const self: ServiceWorkerGlobalScope;
/** Set by scripts/build-offline-app.mjs: the page's files, each with its content hash. */
declare const PRECACHE_ENTRIES: PrecacheEntry[];

const SHELL_CACHE = 'virtual-care-async-visit-shell';

const serwist = new Serwist({
  precacheEntries: PRECACHE_ENTRIES,
  skipWaiting: true,
  clientsClaim: true,
  runtimeCaching: [
    {
      matcher: ({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith('/api/'),
      handler: new NetworkOnly(),
    },
    {
      // The shell is the same for every patient of a language; answered from the cache at once and refreshed
      // behind it, so a language changed online shows on the next visit.
      matcher: ({ request, url, sameOrigin }) =>
        sameOrigin && request.mode === 'navigate' && url.pathname === PAGE_PATH,
      handler: new StaleWhileRevalidate({
        cacheName: SHELL_CACHE,
        matchOptions: { ignoreVary: true, ignoreSearch: true },
      }),
    },
  ],
});

// A new worker comes with a new script: fetch the shell beside it, so the two the phone keeps belong together.
self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL_CACHE).then((cache) => cache.add(PAGE_PATH)));
});

self.addEventListener('sync', (event) => {
  const sync = event as Event & { tag: string; waitUntil(promise: Promise<unknown>): void };
  if (sync.tag !== SYNC_TAG) return;
  sync.waitUntil(
    openDraftStore().then(async (store) => {
      try {
        // Thrown so the browser tries again later (with its own backoff) while the link is still down.
        if ((await replay(store)) === 'offline') throw new Error('still offline');
      } finally {
        store.close();
      }
    }),
  );
});

serwist.addEventListeners();
