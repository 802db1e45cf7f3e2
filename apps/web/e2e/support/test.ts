import { test as base, expect, type Browser, type BrowserContext } from '@playwright/test';
import { recordFigure } from '../../../../scripts/lib/security-figures.mjs';

// The rest of Playwright as it is; `test` below shadows its namesake.
export * from '@playwright/test';

/** What Chromium prints when the Content-Security-Policy refuses something (a script, style, frame, connection). */
const CSP_VIOLATION = /violates the following Content Security Policy directive/;

const watched = new WeakSet<BrowserContext>();

function watch(context: BrowserContext, seen: string[]): BrowserContext {
  if (watched.has(context)) return context;
  watched.add(context);
  context.on('console', (message) => {
    if (CSP_VIOLATION.test(message.text()))
      seen.push(`${message.location().url}: ${message.text()}`);
  });
  return context;
}

/**
 * Every e2e test runs with the product's Content-Security-Policy on and fails on any violation in any page it
 * opened: the default context's and every context a test makes itself (decision 0041).
 */
export const test = base.extend<
  { cspViolations: string[] },
  { cspSeen: { current: string[]; total: number } }
>({
  cspSeen: [
    async ({ browser }: { browser: Browser }, use) => {
      const seen = { current: [] as string[], total: 0 };
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (options) => watch(await newContext(options), seen.current);
      await use(seen);
      // One line of the security report (scripts/lib/security-figures.mjs).
      recordFigure({ name: 'CSP violations', value: seen.total, goal: 0 });
    },
    { scope: 'worker', auto: true },
  ],
  cspViolations: [
    async ({ cspSeen, context }, use) => {
      watch(context, cspSeen.current);
      cspSeen.current.length = 0;
      await use(cspSeen.current);
      // A test may clear what it caused on purpose (e2e/csp.e2e.ts); the rest counts and fails the test.
      cspSeen.total += cspSeen.current.length;
      expect(cspSeen.current, 'Content-Security-Policy violations').toEqual([]);
    },
    { auto: true },
  ],
});
