import { expect, test, type APIRequestContext } from './support/test';
import { debianChromium } from './debian-chromium';
import { demoToken, startedProduct, startFreshWebProcess } from './support/product';

/**
 * After every restart or deploy, the first request an instance gets is often a patient's link, before any
 * clinician has signed in there. Each test starts a new web process on the product's build and makes a patient's
 * request its very first one.
 */

test.use({
  launchOptions: debianChromium([
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
  ]),
});
test.describe.configure({ timeout: 120_000 });

/** A new session for Mariam Ahmadi through the running product's REST API; answers the patient's join URL. */
async function newPatientLink(request: APIRequestContext): Promise<URL> {
  const headers = { authorization: `Bearer ${demoToken('clinician@demo.virtual-care.local')}` };
  const patients = (await (
    await request.get('/api/v1/virtual-care/patients', { headers })
  ).json()) as { items: Array<{ id: string; displayName: string }> };
  const mariam = patients.items.find((p) => p.displayName === 'Mariam Ahmadi');
  expect(mariam).toBeDefined();
  const created = await request.post('/api/v1/virtual-care/sessions', {
    headers,
    data: { patientId: mariam?.id, scheduledStart: new Date().toISOString() },
  });
  expect(created.status()).toBe(201);
  return new URL(((await created.json()) as { patientJoinUrl: string }).patientJoinUrl);
}

test('a patient link is the first request of a freshly started web process: the page works', async ({
  browser,
  request,
}) => {
  const link = await newPatientLink(request);
  const fresh = await startFreshWebProcess(startedProduct());
  try {
    const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
    const page = await context.newPage();
    await page.goto(`${fresh.baseUrl}${link.pathname}${link.search}`);
    await expect(
      page.getByRole('heading', { name: 'Check your camera and microphone' }),
      fresh.output(),
    ).toBeVisible();
    await expect(page.getByText('The visit service is busy')).toHaveCount(0);
    // The cookie routes behind the page (enter, then the waiting room's status poll) work as well.
    await page.getByRole('button', { name: 'Start the check' }).click();
    await page.getByRole('button', { name: 'Enter the waiting room' }).click();
    await expect(page.getByRole('heading', { name: 'You are in the waiting room' })).toBeVisible();
    await expect(page.getByText('Connection lost')).toHaveCount(0);
    await context.close();
  } finally {
    await fresh.stop();
  }
});

test("the REST join endpoint is the first request of a freshly started web process: it answers the link's destination", async ({
  request,
}) => {
  const link = await newPatientLink(request);
  const token = link.searchParams.get('token') ?? '';
  const fresh = await startFreshWebProcess(startedProduct());
  try {
    const response = await request.get(
      `${fresh.baseUrl}/api/v1/virtual-care/sessions/join?token=${encodeURIComponent(token)}`,
    );
    expect(response.status(), fresh.output()).toBe(200);
    expect(await response.json()).toMatchObject({ destination: 'waiting_room' });
  } finally {
    await fresh.stop();
  }
});
