import path from 'node:path';
import { expect, test, type Page } from './support/test';
import { sameOrigin } from './support/same-origin';
import { debianChromium } from './debian-chromium';
import { patientWaits } from './support/visit';
import {
  cancelSession,
  clinicianContext,
  createSession,
  expectAccessible,
  LOCALES,
  message,
  patientPhone,
  screenshots,
  signInThroughForm,
  solarHijriYear,
  type TestLocale,
} from './support/languages';

/**
 * Every screen in English, Dari and Pashto: the patient's join page (on a 360 × 640 phone), sign-in and the
 * admin settings. Each one: <html lang dir> right from the first byte, the words of its language, dates in
 * its calendar, axe-clean; and the language choice works, on the patient page even without JavaScript.
 * Plus the patient's phone in the call: the video first, our own controls, leaving and rejoining, the end.
 */

test.use({
  launchOptions: debianChromium([
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    '--autoplay-policy=no-user-gesture-required',
  ]),
});

const DIRECTION: Record<TestLocale, 'ltr' | 'rtl'> = { en: 'ltr', 'fa-AF': 'rtl', 'ps-AF': 'rtl' };

interface DoctorMeeting {
  domain: string;
  scriptUrl: string;
  options: Record<string, unknown>;
}

/** The clinician's side of the call, opened with the meeting the API gave them (the IFrame API, as pages do). */
async function joinCallAsClinician(page: Page, meeting: DoctorMeeting) {
  await page.evaluate(async (m) => {
    await new Promise<void>((resolve, reject) => {
      const script = document.createElement('script');
      script.src = m.scriptUrl;
      script.onload = () => resolve();
      script.onerror = () => reject(new Error('no IFrame API script'));
      document.head.appendChild(script);
    });
    const host = document.createElement('div');
    host.style.cssText = 'width:320px;height:240px';
    document.body.appendChild(host);
    const Api = (
      window as unknown as {
        JitsiMeetExternalAPI: new (domain: string, options: Record<string, unknown>) => unknown;
      }
    ).JitsiMeetExternalAPI;
    new Api(m.domain, { ...m.options, parentNode: host });
  }, meeting);
}

async function expectLanguage(page: Page, locale: TestLocale) {
  await expect(page.locator('html')).toHaveAttribute('lang', locale);
  await expect(page.locator('html')).toHaveAttribute('dir', DIRECTION[locale]);
}

/** The document never scrolls sideways on the phone (a mirrored layout that overflows would). */
async function expectNoSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, 'horizontal overflow in px').toBeLessThanOrEqual(0);
}

for (const locale of LOCALES) {
  test(`the patient's phone page in ${locale}: language, direction, calendar, layout`, async ({
    browser,
  }) => {
    test.setTimeout(90_000);
    const clinician = await clinicianContext(browser);
    const session = await createSession(clinician.page);
    const phone = await patientPhone(browser, locale);
    const me = phone.page;

    // The language comes from the phone's Accept-Language: right in the server's HTML, no script needed.
    const response = await me.goto(session.link);
    expect(response?.status()).toBe(200);
    const html = await (
      await me.request.get('/join', { headers: { 'accept-language': locale } })
    ).text();
    expect(html).toMatch(new RegExp(`<html[^>]* lang="${locale}"[^>]* dir="${DIRECTION[locale]}"`));
    await expectLanguage(me, locale);
    await expect(me.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(
      me.getByRole('heading', { name: message(locale, 'join.device.heading') }),
    ).toBeVisible();

    // The visit time: Solar Hijri (e.g. ۱۴۰۵) in Dari and Pashto, Gregorian in English.
    const time = me.locator('.vc-join__intro time');
    if (locale === 'en') {
      await expect(time).toContainText(String(new Date(session.scheduledStart).getFullYear()));
    } else {
      await expect(time).toContainText(solarHijriYear(session.scheduledStart));
      await expect(time).not.toContainText(/[0-9]/);
    }

    // The consent text is one tap away, not in the way.
    const consent = me.locator('details.vc-join__consent');
    await expect(consent).not.toHaveAttribute('open', /.*/);
    await expect(consent.locator('summary')).toHaveText(message(locale, 'joinPage.consentHeading'));

    // The language choice: three buttons, each in its own language, the current one marked.
    const current = me.locator('.vc-language__choice[aria-current="true"]');
    await expect(current).toHaveAttribute('lang', locale);
    await expectNoSidewaysScroll(me);
    await expectAccessible(me, `join page (${locale})`);
    await me.screenshot({ path: path.join(screenshots, `join-phone-${locale}.png`) });

    // The device check and the waiting room speak the same language.
    await me.getByRole('button', { name: message(locale, 'join.device.start') }).click();
    await expect(me.getByText(message(locale, 'join.device.ok'))).toBeVisible({ timeout: 15_000 });
    await me.getByRole('button', { name: message(locale, 'join.device.enter') }).click();
    await expect(
      me.getByRole('heading', { name: message(locale, 'join.waiting.heading') }),
    ).toBeVisible();
    await expectNoSidewaysScroll(me);
    await expectAccessible(me, `waiting room (${locale})`);
    if (locale !== 'en')
      await me.screenshot({ path: path.join(screenshots, `join-phone-waiting-${locale}.png`) });

    await cancelSession(clinician.page, session.id);
    await phone.context.close();
    await clinician.context.close();
  });
}

test('the patient changes the language without JavaScript', async ({ browser }) => {
  const clinician = await clinicianContext(browser);
  const session = await createSession(clinician.page);
  // The link itself goes through a redirect that sets the cookie: no script involved either.
  const phone = await patientPhone(browser, 'en-GB', { javaScriptEnabled: false });
  const me = phone.page;
  await me.goto(session.link);
  await expectLanguage(me, 'en');

  await me.getByRole('button', { name: 'پښتو' }).click();
  await expectLanguage(me, 'ps-AF');
  await expect(
    me.getByRole('heading', { name: message('ps-AF', 'join.device.heading') }),
  ).toBeVisible();
  await expect(me.getByRole('button', { name: 'پښتو' })).toHaveAttribute('aria-current', 'true');

  await me.getByRole('button', { name: 'دری' }).click();
  await expectLanguage(me, 'fa-AF');
  await me.getByRole('button', { name: 'English' }).click();
  await expectLanguage(me, 'en');
  await expect(me.getByRole('heading', { name: 'Check your camera and microphone' })).toBeVisible();

  // A kind page keeps its kind across the switch.
  await me.goto('/join?problem=expired');
  await me.getByRole('button', { name: 'دری' }).click();
  await expect(
    me.getByRole('heading', { name: message('fa-AF', 'join.problems.expired.title') }),
  ).toBeVisible();

  await cancelSession(clinician.page, session.id);
  await phone.context.close();
  await clinician.context.close();
});

for (const locale of LOCALES) {
  test(`sign-in and the admin settings in ${locale}`, async ({ browser }) => {
    const context = await browser.newContext({ locale });
    const page = await context.newPage();
    await page.goto('/signin');
    await expectLanguage(page, locale);
    await expect(
      page.getByRole('heading', { level: 1, name: message(locale, 'signIn.title') }),
    ).toBeVisible();
    await expect(page.getByLabel(message(locale, 'signIn.password'))).toBeVisible();
    await expectAccessible(page, `sign-in (${locale})`);
    if (locale !== 'en')
      await page.screenshot({ path: path.join(screenshots, `sign-in-${locale}.png`) });

    // A wrong password: the one generic message, in the page's language (an unknown account, so no real
    // account collects failures towards its lock-out).
    await page.getByLabel(message(locale, 'signIn.email')).fill('nobody@demo.virtual-care.local');
    await page.getByLabel(message(locale, 'signIn.password')).fill('not-the-password');
    await page.getByRole('button', { name: message(locale, 'signIn.submit'), exact: true }).click();
    await expect(
      page.getByRole('alert').filter({ hasText: message(locale, 'signIn.failed') }),
    ).toBeVisible();

    await signInThroughForm(page, 'admin@demo.virtual-care.local', 'demo-admin');
    await expect(page).toHaveURL(/\/admin\/settings/);
    await expectLanguage(page, locale);
    await expect(
      page.getByRole('heading', { level: 1, name: message(locale, 'admin.title') }),
    ).toBeVisible();
    const backend = page.getByLabel(message(locale, 'admin.fields.defaultVideoBackend'));
    await expect(backend).toBeVisible();
    // Product names, not raw values.
    await expect(backend.locator('option:checked')).toHaveText('Jitsi Meet');
    await expect(
      page.getByRole('navigation', { name: message(locale, 'shell.navLabel') }),
    ).toBeVisible();
    await expectAccessible(page, `admin settings (${locale})`);
    if (locale !== 'en')
      await page.screenshot({
        path: path.join(screenshots, `admin-settings-${locale}.png`),
        fullPage: true,
      });
    await context.close();
  });
}

test('the signed-in areas change language from the header, JavaScript or not', async ({
  browser,
}) => {
  const context = await browser.newContext({ locale: 'en-GB' });
  const page = await context.newPage();
  await signInThroughForm(page, 'admin@demo.virtual-care.local', 'demo-admin');
  await expect(page).toHaveURL(/\/admin\/settings/);
  await page.getByRole('button', { name: 'دری' }).click();
  await expectLanguage(page, 'fa-AF');
  await expect(page).toHaveURL(/\/admin\/settings/);
  await expect(page.getByRole('heading', { level: 1, name: 'تنظیمات' })).toBeVisible();
  // The client components follow (the save button is in the settings form island).
  await expect(page.getByRole('button', { name: message('fa-AF', 'admin.save') })).toBeVisible();

  const noScript = await browser.newContext({ locale: 'en-GB', javaScriptEnabled: false });
  await noScript.addCookies(await context.cookies());
  const plain = await noScript.newPage();
  await plain.goto('/admin/settings');
  await expectLanguage(plain, 'fa-AF');
  await plain.getByRole('button', { name: 'پښتو' }).click();
  await expectLanguage(plain, 'ps-AF');
  await expect(plain).toHaveURL(/\/admin\/settings/);
  await expect(plain.getByRole('heading', { level: 1, name: 'امستنې' })).toBeVisible();
  await noScript.close();
  await context.close();
});

test('the browser gets an icon on every page', async ({ request }) => {
  const ico = await request.get('/favicon.ico');
  expect(ico.status()).toBe(200);
  expect(ico.headers()['content-type']).toMatch(/image\/(x-icon|vnd\.microsoft\.icon)/);
  const svg = await request.get('/icon.svg');
  expect(svg.status()).toBe(200);
  expect(await svg.text()).toContain('#0f766e');
  const page = await request.get('/signin');
  expect(await page.text()).toMatch(
    /<link rel="icon" href="\/icon\.svg[^"]*"[^>]* type="image\/svg\+xml"/,
  );
});

test("the patient's phone in the call: video first, our controls, leave and rejoin, the end", async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const clinician = await clinicianContext(browser);
  const doctor = clinician.page;
  const session = await createSession(doctor, 0);
  const phone = await patientPhone(browser, 'en-GB');
  const me = phone.page;
  await patientWaits(me, session.link);

  // The clinician says they are running late: the waiting patient reads it, announced, in plain words.
  const base = `/api/v1/virtual-care/sessions/${session.id}`;
  const late = await doctor.request.post(`${base}/running-late`, {
    headers: sameOrigin(doctor),
    data: { minutes: 10 },
  });
  expect(late.status(), await late.text()).toBeLessThan(300);
  await expect(
    me.getByRole('status').filter({
      hasText: 'Your clinician is running about 10 minutes late. Please stay on this page.',
    }),
  ).toBeVisible({ timeout: 15_000 });
  await expect(me.locator('.vc-join__queue')).toHaveText(
    /^(The clinician will see you next\.|The clinician is with another patient\. You are next\.|\d+ patients? (is|are) before you\.)$/,
  );
  await me.screenshot({ path: path.join(screenshots, 'join-phone-waiting-late-en.png') });

  // The clinician enters and admits through the API (the visit room's own buttons are the visit test's);
  // they are not in the video yet.
  const entered = await doctor.request.post(`${base}/provider-join`, {
    headers: sameOrigin(doctor),
    data: {},
  });
  expect(entered.status(), await entered.text()).toBeLessThan(300);
  const { meeting } = (await entered.json()) as { meeting: DoctorMeeting };
  const listed = await doctor.request.get(`${base}/participants`);
  const { items } = (await listed.json()) as { items: { id: string; role: string }[] };
  const patientId = items.find((p) => p.role === 'patient')?.id;
  expect(patientId).toBeTruthy();
  const admitted = await doctor.request.post(`${base}/admit/${patientId}`, {
    headers: sameOrigin(doctor),
    data: {},
  });
  expect(admitted.status(), await admitted.text()).toBeLessThan(300);

  // The video opens by itself, first and large: the top of the phone's screen.
  const video = me.locator('.vc-video iframe');
  await expect(video).toBeVisible({ timeout: 20_000 });
  await expect(me.getByRole('heading', { name: 'Your visit has started' })).toBeFocused();
  const box = await me.locator('.vc-video').boundingBox();
  expect(box, 'the video pane').not.toBeNull();
  expect(box!.y, 'the video starts near the top').toBeLessThan(160);
  expect(box!.height, 'the video fills most of the screen').toBeGreaterThanOrEqual(0.55 * 640);
  // The title and the consent text step aside; the consent stays one tap away.
  await expect(me.locator('details.vc-join__consent')).not.toHaveAttribute('open', /.*/);
  // Nobody else in the call yet: the patient is told whom they are waiting for, until the clinician comes.
  const waitingForClinician = me.locator('.vc-join__overlay', {
    hasText: 'Waiting for your clinician to join the video',
  });
  await expect(waitingForClinician).toBeVisible({ timeout: 15_000 });
  await doctor.goto(`/clinician/sessions/${session.id}`); // its Permissions-Policy lets the video origin in
  await joinCallAsClinician(doctor, meeting);
  await expect(waitingForClinician).toHaveCount(0, { timeout: 20_000 });

  // Our own controls: big, with words, driving the call.
  const controls = me.getByRole('group', { name: 'Call controls' });
  for (const button of await controls.getByRole('button').all()) {
    const size = await button.boundingBox();
    expect(size!.width).toBeGreaterThanOrEqual(48);
    expect(size!.height).toBeGreaterThanOrEqual(48);
    expect(size!.y + size!.height, 'the controls are on the first screen').toBeLessThanOrEqual(640);
  }
  await controls.getByRole('button', { name: 'Mute' }).click();
  await expect(controls.getByRole('button', { name: 'Unmute' })).toBeVisible();
  await expect(
    me.getByRole('status').filter({ hasText: 'Your microphone is off.' }),
  ).toBeAttached();
  await controls.getByRole('button', { name: 'Unmute' }).click();
  await expect(controls.getByRole('button', { name: 'Mute' })).toBeVisible();
  await controls.getByRole('button', { name: 'Stop camera' }).click();
  await expect(controls.getByRole('button', { name: 'Start camera' })).toBeVisible();
  await controls.getByRole('button', { name: 'Start camera' }).click();
  await expect(controls.getByRole('button', { name: 'Stop camera' })).toBeVisible();
  await expectAccessible(me, 'in the call (phone)');

  // Leaving while the visit goes on: a big "Rejoin".
  await controls.getByRole('button', { name: 'Leave' }).click();
  await expect(me.getByRole('heading', { name: 'You left the call' })).toBeVisible({
    timeout: 10_000,
  });
  await expect(me.locator('.vc-video iframe')).toHaveCount(0);
  const rejoin = me.getByRole('button', { name: 'Rejoin' });
  const rejoinBox = await rejoin.boundingBox();
  expect(rejoinBox!.height).toBeGreaterThanOrEqual(48);
  await expectAccessible(me, 'left the call (phone)');
  await me.screenshot({ path: path.join(screenshots, 'join-phone-left-en.png') });
  await rejoin.click();
  await expect(me.locator('.vc-video iframe')).toBeVisible({ timeout: 20_000 });
  await expect(me.getByRole('group', { name: 'Call controls' })).toBeVisible();

  // The clinician ends the visit: the patient learns what happens next, without the consent text.
  const ended = await doctor.request.post(`/api/v1/virtual-care/sessions/${session.id}/end`, {
    headers: sameOrigin(doctor),
    data: {},
  });
  expect(ended.status(), await ended.text()).toBeLessThan(300);
  await expect(me.getByRole('heading', { name: 'Your visit has ended' })).toBeVisible({
    timeout: 20_000,
  });
  await expect(me.getByRole('heading', { name: 'What happens next' })).toBeVisible();
  await expect(me.getByText('the clinic will contact you')).toBeVisible();
  await expect(me.getByText('What you agreed to')).toHaveCount(0);
  await expectAccessible(me, 'visit ended (phone)');
  await me.screenshot({ path: path.join(screenshots, 'join-phone-ended-en.png') });
  await phone.context.close();
  await clinician.context.close();
});
