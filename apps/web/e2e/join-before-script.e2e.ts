import { expect, test } from './support/test';
import { debianChromium } from './debian-chromium';
import { cancelSession, clinicianContext, createSession, patientPhone } from './support/languages';
import { sameOrigin } from './support/same-origin';

test.use({
  launchOptions: debianChromium([
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
  ]),
});

/**
 * On a 2G link the join page's script arrives many seconds after the page itself (issue 17). Its first step is a
 * plain form, so "Enter the waiting room" works before any script has run: the patient is in the waiting room,
 * and the clinician sees them there. Once the script arrives, it takes the page over without a hitch.
 */
test('a patient enters the waiting room before the page’s script has arrived', async ({
  browser,
}) => {
  const clinician = await clinicianContext(browser);
  const session = await createSession(clinician.page);
  const { context, page } = await patientPhone(browser, 'en-GB');
  const hydrationErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') hydrationErrors.push(message.text());
  });
  // The page's scripts are held back, as a slow link holds them, until the patient is in.
  let release!: () => void;
  const scriptsArrive = new Promise<void>((resolve) => (release = resolve));
  await context.route('**/_next/static/**/*.js', async (route) => {
    await scriptsArrive;
    await route.continue();
  });

  await page.goto(session.link, { waitUntil: 'commit' });
  await expect(
    page.getByRole('heading', { name: 'Check your camera and microphone' }),
  ).toBeVisible();
  // The device check needs the script; entering does not.
  await expect(page.getByRole('button', { name: 'Start the check' })).toBeDisabled();
  await page.getByRole('button', { name: 'Enter the waiting room' }).click();
  await expect(page.getByRole('heading', { name: 'You are in the waiting room' })).toBeVisible();

  const participants = await clinician.page.request.get(
    `/api/v1/virtual-care/sessions/${session.id}/participants`,
    { headers: sameOrigin(clinician.page) },
  );
  expect(participants.status()).toBe(200);
  const { items } = (await participants.json()) as {
    items: Array<{ role: string; status: string }>;
  };
  expect(items.filter((p) => p.role === 'patient').map((p) => p.status)).toEqual(['waiting']);

  // The script arrives: it hydrates the waiting room the server sent, and the page stays there, polling.
  release();
  await page.waitForFunction(() =>
    Object.keys(document.querySelector('h1, h2') ?? {}).some((key) =>
      key.startsWith('__reactProps$'),
    ),
  );
  await expect(page.getByRole('heading', { name: 'You are in the waiting room' })).toBeVisible();
  await expect(page.getByText('Connection lost')).toHaveCount(0);
  expect(hydrationErrors).toEqual([]);

  await context.close();
  await cancelSession(clinician.page, session.id);
  await clinician.context.close();
});
