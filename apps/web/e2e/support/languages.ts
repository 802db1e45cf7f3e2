import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { sameOrigin } from './same-origin';

/**
 * Helpers of the language and phone tests (languages.e2e.ts): the message catalogue, signing in whatever the
 * page's language, sessions through the REST API, a patient's phone, axe.
 */

export const screenshots = path.resolve(import.meta.dirname, '../../../../docs/screenshots');

/** Mariam Ahmadi: the demo patient with telehealth and recording consent. */
export const MARIAM = '8b3e4c6a-af5d-4e7c-9a91-2c3d4e5f6a01';

export { expectAccessible } from './pages';
export { LANGUAGES as LOCALES, type Language as TestLocale } from './pages';
import type { Language as TestLocale } from './pages';

type Tree = { [key: string]: string | Tree };
const catalogues = new Map<TestLocale, Tree>();

/** A message of apps/web/messages/<locale>.json by its dotted key (no arguments). */
export function message(locale: TestLocale, key: string): string {
  let catalogue = catalogues.get(locale);
  if (!catalogue) {
    const file = path.resolve(import.meta.dirname, `../../messages/${locale}.json`);
    catalogue = JSON.parse(readFileSync(file, 'utf8')) as Tree;
    catalogues.set(locale, catalogue);
  }
  let node: string | Tree | undefined = catalogue;
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  if (typeof node !== 'string') throw new Error(`no message ${key} in ${locale}`);
  return node;
}

/** Signs in through the form, in whatever language the page is in (fields found by their input names). */
export async function signInThroughForm(page: Page, email: string, password: string) {
  await page.goto('/signin');
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page
    .locator('form', { has: page.locator('input[name="email"]') })
    .locator('button[type="submit"]')
    .click();
}

export async function clinicianContext(browser: Browser): Promise<{
  context: BrowserContext;
  page: Page;
}> {
  const context = await browser.newContext({ locale: 'en-GB' });
  const page = await context.newPage();
  await signInThroughForm(page, 'clinician@demo.virtual-care.local', 'demo-clinician');
  await expect(page).toHaveURL(/\/clinician/);
  return { context, page };
}

export interface CreatedSession {
  id: string;
  version: number;
  /** Path and query of the patient's join link. */
  link: string;
  scheduledStart: string;
}

/** POST /api/v1/virtual-care/sessions for Mariam, with the clinician's browser session. */
export async function createSession(clinician: Page, startsInMinutes = 5): Promise<CreatedSession> {
  const scheduledStart = new Date(Date.now() + startsInMinutes * 60_000).toISOString();
  const response = await clinician.request.post('/api/v1/virtual-care/sessions', {
    headers: sameOrigin(clinician),
    data: { patientId: MARIAM, scheduledStart },
  });
  expect(response.status(), await response.text()).toBe(201);
  const body = (await response.json()) as { id: string; version: number; patientJoinUrl: string };
  const url = new URL(body.patientJoinUrl);
  return {
    id: body.id,
    version: body.version,
    link: `${url.pathname}${url.search}`,
    scheduledStart,
  };
}

/** Cancels a session that is still open (clean-up; a closed one is left as it is). */
export async function cancelSession(clinician: Page, id: string) {
  await clinician.request.post(`/api/v1/virtual-care/sessions/${id}/cancel`, {
    headers: sameOrigin(clinician),
    data: { reason: 'e2e clean-up' },
  });
}

/** A patient's phone: 360 × 640, the browser's language, camera and microphone allowed. */
export async function patientPhone(
  browser: Browser,
  locale: string,
  options: { javaScriptEnabled?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: 360, height: 640 },
    locale,
    permissions: ['camera', 'microphone'],
    ...options,
  });
  return { context, page: await context.newPage() };
}

/** The Solar Hijri year of a moment, in Eastern Arabic-Indic digits (as the Dari and Pashto pages write it). */
export function solarHijriYear(iso: string): string {
  const latin = new Intl.DateTimeFormat('fa-AF-u-ca-persian-nu-latn', {
    year: 'numeric',
    timeZone: 'Asia/Kabul',
  })
    .formatToParts(new Date(iso))
    .find((part) => part.type === 'year')?.value;
  return (latin ?? '').replace(/[0-9]/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)] ?? d);
}
