import { createHmac } from 'node:crypto';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { debianChromium } from './debian-chromium';

/**
 * The whole visit, as a clinic and a patient live it: the clinician creates a session and copies the link,
 * the patient (second browser context, fake camera and microphone) checks devices and waits, the clinician
 * sees them arrive and admits, the patient's video opens by itself, the clinician ends, the Encounter shows.
 * Plus the kind pages (expired, cancelled, tampered), the wrong role, and Dari (rtl). axe-core on every page.
 */

const screenshots = path.resolve(import.meta.dirname, '../../../docs/screenshots');
const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });

// Chromium's fake devices: a test pattern camera and a beeping microphone, permission granted without a prompt.
test.use({
  launchOptions: debianChromium([
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    '--autoplay-policy=no-user-gesture-required',
  ]),
});

const PHONE = { width: 390, height: 844 };

/** No serious or critical axe violation (the Jitsi iframe is the video provider's page, not ours). */
async function expectAccessible(page: Page, label: string) {
  const results = await new AxeBuilder({ page }).exclude('.vc-video').analyze();
  const blocking = results.violations.filter(
    (v) => v.impact === 'serious' || v.impact === 'critical',
  );
  const summary = blocking.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} -> ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(summary, `axe on ${label}`).toEqual([]);
}

async function signIn(page: Page, email: string, password: string) {
  await page.goto('/signin');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function clinicianPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  await signIn(page, 'clinician@demo.virtual-care.local', 'demo-clinician');
  await expect(page).toHaveURL(/\/clinician/);
  return { context, page };
}

async function patientPage(
  browser: Browser,
  locale = 'en-GB',
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: PHONE,
    locale,
    permissions: ['camera', 'microphone'],
  });
  return { context, page: await context.newPage() };
}

const pad = (n: number) => String(n).padStart(2, '0');
function localInput(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** Creates a session for Mariam Ahmadi from the dashboard form and answers the join link (path + query). */
async function createSession(page: Page, options: { start?: Date } = {}): Promise<string> {
  await page.goto('/clinician');
  const patient = page.getByLabel('Patient', { exact: true });
  const option = patient.locator('option', { hasText: 'Mariam Ahmadi' });
  await expect(option).toHaveCount(1);
  await patient.selectOption((await option.getAttribute('value')) ?? '');
  if (options.start) await page.getByLabel('Scheduled time').fill(localInput(options.start));
  await page.getByRole('button', { name: 'Create session' }).click();
  const link = page.getByLabel('Patient join link');
  await expect(link).toBeVisible({ timeout: 15_000 });
  const url = new URL(await link.inputValue());
  expect(url.pathname).toBe('/join');
  expect(url.searchParams.get('token')).toBeTruthy();
  return `${url.pathname}${url.search}`;
}

test('a whole visit: create, wait, admit, video opens by itself, end, Encounter', async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const clinician = await clinicianPage(browser);
  const doctor = clinician.page;
  await expect(doctor.getByRole('heading', { name: 'Waiting room' })).toBeVisible();
  await expectAccessible(doctor, 'dashboard');
  await shot(doctor, 'dashboard');

  const link = await createSession(doctor);
  await doctor.getByRole('button', { name: 'Copy link' }).click();
  await expect(doctor.getByText(/Copied to the clipboard|Press Ctrl\+C/)).toBeVisible();
  await expectAccessible(doctor, 'create result');
  await shot(doctor, 'create-result');
  const visitRoomHref = await doctor
    .getByRole('link', { name: 'Open the visit room', exact: true })
    .getAttribute('href');

  // The patient opens the link: the token goes into a cookie and leaves the address bar.
  const patient = await patientPage(browser);
  const me = patient.page;
  const response = await me.goto(link);
  expect(response?.status()).toBe(200);
  expect(me.url()).toMatch(/\/join$/);
  expect(response?.headers()['cache-control']).toContain('no-store');
  await expect(me.getByRole('heading', { level: 1 })).toContainText('Video visit with');
  await expect(me.getByText('What you agreed to')).toBeVisible();
  await me.getByRole('button', { name: 'Start the check' }).click();
  await expect(me.getByText('Your camera and microphone are working.')).toBeVisible({
    timeout: 15_000,
  });
  await expect(me.getByLabel('Microphone level')).toBeVisible();
  await expectAccessible(me, 'join device check');
  await shot(me, 'join-device-check');

  await me.getByRole('button', { name: 'Enter the waiting room' }).click();
  await expect(me.getByRole('heading', { name: 'You are in the waiting room' })).toBeVisible();
  await expect(me.getByText('The clinician will admit you.')).toBeVisible();
  await expectAccessible(me, 'waiting room');
  await shot(me, 'waiting-room');

  // The clinician's dashboard shows them without a reload, with the count in the title.
  const waiting = doctor.getByRole('list', { name: 'Patients waiting' });
  await doctor.goto('/clinician');
  await expect(waiting.getByText('Mariam Ahmadi').first()).toBeVisible({ timeout: 15_000 });
  await expect(doctor).toHaveTitle(/^\(\d+\) /);
  await shot(doctor, 'dashboard-patient-waiting');

  await doctor.goto(visitRoomHref ?? '/clinician');
  await expect(doctor.getByRole('heading', { name: 'Participants' })).toBeVisible();
  const admit = doctor.getByRole('button', { name: 'Admit Mariam Ahmadi' });
  await expect(admit).toBeVisible({ timeout: 10_000 });
  await expectAccessible(doctor, 'visit room');
  await shot(doctor, 'visit-room');
  await admit.click();

  // The patient's page opens the video by itself: no extra click.
  await expect(me.getByRole('heading', { name: 'Your visit has started' })).toBeVisible({
    timeout: 20_000,
  });
  await expect(me.locator('.vc-video iframe')).toBeVisible({ timeout: 15_000 });
  await me.getByRole('switch', { name: 'Audio only (camera off)' }).check();
  await expectAccessible(me, 'admitted video');
  await shot(me, 'admitted-video');

  await expect(doctor.locator('.vc-video iframe')).toBeVisible({ timeout: 15_000 });
  await shot(doctor, 'visit-room-in-call');
  await doctor.getByRole('button', { name: 'End visit' }).click({ timeout: 15_000 });
  const dialog = doctor.getByRole('dialog', { name: 'End this visit?' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'End visit' }).click();
  await expect(doctor.getByText('Visit ended')).toBeVisible({ timeout: 15_000 });
  await expect(doctor.locator('dd code')).toContainText('Encounter/', { timeout: 30_000 });
  await expectAccessible(doctor, 'visit ended');
  await shot(doctor, 'visit-ended');

  await expect(me.getByRole('heading', { name: 'Your visit has ended' })).toBeVisible({
    timeout: 15_000,
  });
  await clinician.context.close();
  await patient.context.close();
});

test('tampered and cancelled links get kind pages; the Dari page is right to left', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const clinician = await clinicianPage(browser);
  const link = await createSession(clinician.page);

  // Tampered: one character of the signature changed.
  const tampered = link.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
  const stranger = await patientPage(browser);
  await stranger.page.goto(tampered);
  await expect(
    stranger.page.getByRole('heading', { name: 'This link is not valid' }),
  ).toBeVisible();
  expect(stranger.page.url()).not.toContain('token=');
  await expectAccessible(stranger.page, 'tampered link');
  await shot(stranger.page, 'tampered-link');

  // Dari, picked from the browser's language: the device check page, right to left.
  const dari = await patientPage(browser, 'fa-AF');
  await dari.page.goto(link);
  await expect(dari.page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(dari.page.locator('html')).toHaveAttribute('lang', 'fa-AF');
  await expect(
    dari.page.getByRole('heading', { name: 'کمره و مایکروفون خود را بررسی کنید' }),
  ).toBeVisible();
  await expectAccessible(dari.page, 'Dari page');
  await shot(dari.page, 'dari-page');
  // The visible switch goes back to English (and is remembered).
  await dari.page.getByRole('button', { name: /English/ }).click();
  await expect(dari.page.locator('html')).toHaveAttribute('dir', 'ltr');
  await expect(
    dari.page.getByRole('heading', { name: 'Check your camera and microphone' }),
  ).toBeVisible();

  // Cancelled before it started: the same link now says so.
  await clinician.page.getByRole('link', { name: 'Open the visit room', exact: true }).click();
  await clinician.page.getByRole('button', { name: 'Cancel visit' }).click();
  const dialog = clinician.page.getByRole('dialog', { name: 'Cancel this visit?' });
  await dialog.getByLabel('Reason (optional, for the record)').fill('Patient asked to reschedule');
  await dialog.getByRole('button', { name: 'Cancel visit' }).click();
  await expect(clinician.page.getByText('This visit was cancelled')).toBeVisible({
    timeout: 10_000,
  });

  const late = await patientPage(browser);
  await late.page.goto(link);
  await expect(
    late.page.getByRole('heading', { name: 'This visit is no longer open' }),
  ).toBeVisible();
  await expectAccessible(late.page, 'cancelled session');
  await shot(late.page, 'cancelled-session');
  for (const c of [clinician, stranger, dari, late]) await c.context.close();
});

/**
 * A real expired link: the API refuses to create sessions that are already over and to issue tokens outside
 * the window, so the test re-signs a fresh link's claims with a past window. That needs the server's
 * JOIN_TOKEN_KEYS (the test command passes them); without them it checks the page the link route sends an
 * expired token to (`/join?problem=expired`).
 */
function expiredTokenFrom(link: string, keys: string): string {
  const token = new URL(link, 'http://x').searchParams.get('token') ?? '';
  const [payload = ''] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
  const [kid = '', material = ''] = (keys.split(',')[0] ?? '').trim().split(/:(.*)/s);
  const now = Math.floor(Date.now() / 1000);
  const json = JSON.stringify({ ...claims, kid, nbf: now - 3 * 3600, exp: now - 3600 });
  const body = Buffer.from(json, 'utf8').toString('base64url');
  const mac = createHmac('sha256', Buffer.from(material, 'base64url'))
    .update(body)
    .digest('base64url');
  return `${body}.${mac}`;
}

test('an expired link gets a kind page', async ({ browser }) => {
  const keys = process.env.JOIN_TOKEN_KEYS;
  const patient = await patientPage(browser);
  if (keys) {
    const clinician = await clinicianPage(browser);
    const link = await createSession(clinician.page);
    await patient.page.goto(`/join?token=${encodeURIComponent(expiredTokenFrom(link, keys))}`);
    await clinician.context.close();
  } else {
    test.info().annotations.push({
      type: 'note',
      description:
        'JOIN_TOKEN_KEYS not given: checked the expired page the link route redirects to',
    });
    await patient.page.goto('/join?problem=expired');
  }
  await expect(patient.page.getByRole('heading', { name: 'This link has expired' })).toBeVisible();
  await expect(patient.page.getByText('Please contact your clinic for a new link.')).toBeVisible();
  expect(patient.page.url()).not.toContain('token=');
  await expectAccessible(patient.page, 'expired link');
  await shot(patient.page, 'expired-link');
  await patient.context.close();
});

test('the wrong role gets 403, and the join page without a link says what to do', async ({
  page,
}) => {
  await signIn(page, 'patient@demo.virtual-care.local', 'demo-patient');
  await expect(page).toHaveURL(/\/portal/);
  const response = await page.goto('/clinician/sessions/vsn_01J00000000000000000000000');
  expect(response?.status()).toBe(403);
  await expect(
    page.getByRole('heading', { name: 'You do not have access to this page' }),
  ).toBeVisible();
  await expectAccessible(page, '403 page');

  const join = await page.goto('/join');
  expect(join?.status()).toBe(200);
  await expect(page.getByRole('heading', { name: 'Open your visit link' })).toBeVisible();
  await expectAccessible(page, 'join without a link');
});
