import type { Page } from '@playwright/test';
import type { LinkMeter } from './link';

/**
 * When a page answers a tap: a React page once its first button has React's props attached (hydrated), the
 * async-visit page once its own script has run (it sets `data-ready="true"` on the document element), a page whose
 * first step is a plain form (/join: `{ formAction }`) once that form's enabled submit button is painted: the browser
 * posts it with no script at all.
 */
export type Readiness = 'react' | 'data-ready' | { formAction: string };

/** One visit of one page, from its navigation start. */
export interface VisitFigures {
  firstPaintMs: number;
  answersTapMs: number;
  /** Until its scripts have run: the same moment as answersTapMs but for a plain-form page. */
  scriptsRanMs: number;
  /** Received from the network until the page answered a tap. */
  wireBytes: number;
  /** Whether a service worker answered the navigation (not one that took the page over afterwards). */
  serviceWorker: boolean;
}

const PAGE_TIMEOUT = 180_000;

/** In the page: performance.now() once the page answers a tap, nothing before. */
function answersTap(readiness: Readiness): number | undefined {
  const ready =
    typeof readiness === 'object'
      ? document.querySelector(
          `form[action="${readiness.formAction}"] button[type="submit"]:not(:disabled)`,
        ) !== null && performance.getEntriesByName('first-contentful-paint').length > 0
      : readiness === 'data-ready'
        ? document.documentElement.dataset.ready === 'true'
        : Object.keys(document.querySelector('button') ?? {}).some((key) =>
            key.startsWith('__reactProps$'),
          );
  return ready ? performance.now() : undefined;
}

/** Opens `url` in the page (behind its metered link) and times it until it answers a tap. */
export async function measureVisit(
  page: Page,
  meter: LinkMeter,
  url: string,
  readiness: Readiness,
): Promise<VisitFigures> {
  meter.reset();
  await page.goto(url, { waitUntil: 'commit', timeout: PAGE_TIMEOUT });
  const tap = await page.waitForFunction(answersTap, readiness, {
    polling: 10,
    timeout: PAGE_TIMEOUT,
  });
  const wireBytes = meter.receivedBytes();
  const answersTapMs = (await tap.jsonValue()) as number;
  const scriptsRanMs =
    typeof readiness === 'object'
      ? ((await (
          await page.waitForFunction(answersTap, 'react' as Readiness, {
            polling: 10,
            timeout: PAGE_TIMEOUT,
          })
        ).jsonValue()) as number)
      : answersTapMs;
  const paint = await page.waitForFunction(
    () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
    undefined,
    { polling: 50, timeout: PAGE_TIMEOUT },
  );
  return {
    firstPaintMs: (await paint.jsonValue()) as number,
    answersTapMs,
    scriptsRanMs,
    wireBytes,
    serviceWorker: await page.evaluate(() =>
      performance
        .getEntriesByType('navigation')
        .some((entry) => (entry as PerformanceNavigationTiming).workerStart > 0),
    ),
  };
}

/** Waits until a service worker of the page's origin is activated (the next visit can be answered by it). */
export async function serviceWorkerActivated(page: Page): Promise<void> {
  await page.waitForFunction(
    async () => {
      const registrations = await navigator.serviceWorker.getRegistrations();
      return registrations.some((registration) => registration.active?.state === 'activated');
    },
    undefined,
    { polling: 250, timeout: 60_000 },
  );
}
