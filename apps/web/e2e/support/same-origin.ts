import type { Page } from '@playwright/test';

/**
 * The headers a browser adds to a request its page makes: Playwright's `page.request` sends the page's cookies but
 * no Origin, and a change made on a cookie must come from the app itself (decision 0032).
 */
export const sameOrigin = (page: Page) => ({ origin: new URL(page.url()).origin });
