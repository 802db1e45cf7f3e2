import type { CDPSession, Page } from '@playwright/test';

/** A mobile link as Chromium's DevTools emulates it (CDP `Network.emulateNetworkConditions`). */
export interface LinkProfile {
  downKbit: number;
  upKbit: number;
  /** From a request sent to its response's headers received. */
  latencyMs: number;
}

/** An EDGE-like link, common where our patients live (issue 17). */
export const EDGE: LinkProfile = { downKbit: 128, upKbit: 64, latencyMs: 800 };
/** The link a visit with photos is sent over (issue 17). */
export const SLOW_UPLOAD: LinkProfile = { downKbit: 256, upKbit: 256, latencyMs: 400 };

export const describeLink = (link: LinkProfile) =>
  `${link.downKbit} kbit/s down, ${link.upKbit} kbit/s up, ${link.latencyMs} ms latency`;

/** A request body sent from the phone. */
export interface SentBody {
  method: string;
  url: string;
  bytes: number;
}

/** What crossed the phone's emulated link (its page and its service workers) since the last `reset`. */
export interface LinkMeter {
  /** Bytes received from the network; answers from the HTTP cache or a service worker cost nothing. */
  receivedBytes(): number;
  sentBodies(): SentBody[];
  reset(): void;
}

type Send = (method: string, params: object) => Promise<unknown>;
type Listen = (handler: (method: string, params: NetworkEvent) => void) => void;
interface NetworkEvent {
  requestId: string;
  request?: { method: string; url: string; postDataEntries?: { bytes?: string }[] };
  headers?: Record<string, string>;
  response?: { fromDiskCache?: boolean; fromServiceWorker?: boolean; fromPrefetchCache?: boolean };
  encodedDataLength?: number;
}

const bytesOf = (kbit: number) => (kbit * 1000) / 8;

/**
 * Puts the page and the service workers of its browser context behind the link (HTTP cache on, as on a phone)
 * and meters what crosses it. A service worker is a target of its own: Chromium does not throttle its requests
 * with the page's, yet on a phone they share the one link (its precache, a Background Sync replay).
 */
export async function throttle(page: Page, link: LinkProfile): Promise<LinkMeter> {
  // Per response: its bytes so far while it streams (a page answers a tap before its HTML has ended), its whole
  // encoded length (headers included) once finished.
  const received = new Map<string, number>();
  const notFromNetwork = new Set<string>();
  const requests = new Map<string, { method: string; url: string; bodyBytes: number }>();
  // A Blob body (a photo) is never in requestWillBeSent's postData: the Content-Length actually sent is.
  const contentLengths = new Map<string, number>();

  const meter = (source: string, listen: Listen) =>
    listen((method, event) => {
      const id = `${source}/${event.requestId}`;
      if (method === 'Network.requestWillBeSent' && event.request) {
        const bodyBytes = (event.request.postDataEntries ?? []).reduce(
          (sum, entry) => sum + (entry.bytes ? Buffer.from(entry.bytes, 'base64').length : 0),
          0,
        );
        requests.set(id, { method: event.request.method, url: event.request.url, bodyBytes });
      } else if (method === 'Network.requestWillBeSentExtraInfo') {
        const length = Object.entries(event.headers ?? {}).find(
          ([name]) => name.toLowerCase() === 'content-length',
        );
        if (length) contentLengths.set(id, Number(length[1]));
      } else if (method === 'Network.requestServedFromCache') {
        notFromNetwork.add(id);
      } else if (method === 'Network.responseReceived') {
        const from = event.response;
        if (from?.fromDiskCache || from?.fromServiceWorker || from?.fromPrefetchCache)
          notFromNetwork.add(id);
      } else if (method === 'Network.dataReceived' && !notFromNetwork.has(id)) {
        received.set(id, (received.get(id) ?? 0) + (event.encodedDataLength ?? 0));
      } else if (method === 'Network.loadingFinished' && !notFromNetwork.has(id)) {
        received.set(id, event.encodedDataLength ?? 0);
      }
    });
  const behindTheLink = async (send: Send) => {
    await send('Network.enable', {});
    await send('Network.setCacheDisabled', { cacheDisabled: false });
    await send('Network.emulateNetworkConditions', {
      offline: false,
      latency: link.latencyMs,
      downloadThroughput: bytesOf(link.downKbit),
      uploadThroughput: bytesOf(link.upKbit),
    });
  };

  const pageSession: CDPSession = await page.context().newCDPSession(page);
  const METERED = [
    'Network.requestWillBeSent',
    'Network.requestWillBeSentExtraInfo',
    'Network.requestServedFromCache',
    'Network.responseReceived',
    'Network.dataReceived',
    'Network.loadingFinished',
  ] as const;
  meter('page', (handler) => {
    for (const method of METERED)
      pageSession.on(method, (event) => handler(method, event as NetworkEvent));
  });
  await behindTheLink((method, params) => pageSession.send(method as 'Network.enable', params));
  await serviceWorkersBehind(page, pageSession, behindTheLink, meter);

  return {
    receivedBytes: () => [...received.values()].reduce((sum, bytes) => sum + bytes, 0),
    sentBodies: () =>
      [...requests.entries()].map(([id, { method, url, bodyBytes }]) => ({
        method,
        url,
        bytes: Math.max(bodyBytes, contentLengths.get(id) ?? 0),
      })),
    reset: () => {
      received.clear();
      notFromNetwork.clear();
      requests.clear();
      contentLengths.clear();
    },
  };
}

/**
 * Every service worker of the page's browser context, now and later, behind the link and metered: through a
 * browser-level DevTools session (Playwright offers none on a worker), attached to each worker target, released
 * with the page. A worker's first requests may go out before it is attached: a few milliseconds at its start.
 */
async function serviceWorkersBehind(
  page: Page,
  pageSession: CDPSession,
  behindTheLink: (send: Send) => Promise<void>,
  meter: (source: string, listen: Listen) => void,
) {
  const { targetInfo } = await pageSession.send('Target.getTargetInfo');
  const browser = await page.context().browser()!.newBrowserCDPSession();
  page.once('close', () => void browser.detach().catch(() => undefined));
  const workers = new Map<string, (method: string, params: NetworkEvent) => void>();
  let nextId = 0;
  browser.on('Target.receivedMessageFromTarget', ({ sessionId, message }) => {
    const { method, params } = JSON.parse(message) as { method?: string; params?: NetworkEvent };
    if (method && params) workers.get(sessionId)?.(method, params);
  });
  browser.on('Target.targetCreated', ({ targetInfo: target }) => {
    if (target.type !== 'service_worker' || target.browserContextId !== targetInfo.browserContextId)
      return;
    void (async () => {
      // Not flattened: Playwright's sessions cannot address a flattened child session.
      const { sessionId } = await browser.send('Target.attachToTarget', {
        targetId: target.targetId,
        flatten: false,
      });
      meter(`worker ${target.targetId}`, (handler) => workers.set(sessionId, handler));
      await behindTheLink((method, params) =>
        browser.send('Target.sendMessageToTarget', {
          sessionId,
          message: JSON.stringify({ id: (nextId += 1), method, params }),
        }),
      );
    })().catch(() => undefined); // a worker that is gone before it is attached sends nothing
  });
  await browser.send('Target.setDiscoverTargets', { discover: true });
}
