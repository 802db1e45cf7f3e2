import { expect, test, type Page } from './support/test';
import { expectAccessible, patientPage, shot, signIn } from './support/pages';
import { demoToken, startedProduct } from './support/product';

/**
 * US-013, the patient's side, as a patient with a connection that comes and goes lives it: the page opens once,
 * then the phone goes offline; the patient writes, adds two camera photos, reloads (the page still opens, the
 * draft is still there), sends; back online the draft goes to the clinic once, even when the link drops in the
 * middle of a photo's upload and when the phone sends the same draft again; the clinic's answer comes back.
 */

test.describe.configure({ timeout: 180_000 });

const API = '/api/v1/virtual-care';
const PAGE = '/portal/async-visits';
const bearer = (email: string) => ({ authorization: `Bearer ${demoToken(email)}` });

/** A 4000×3000 camera-sized JPEG with detail in it (a photo of skin, not a flat colour), drawn by the browser. */
async function cameraPhoto(page: Page, seed: number): Promise<Buffer> {
  const base64 = await page.evaluate(async (seed) => {
    const canvas = new OffscreenCanvas(4000, 3000);
    const context = canvas.getContext('2d')!;
    const image = context.createImageData(4000, 3000);
    let x = seed * 9301 + 49297;
    for (let i = 0; i < image.data.length; i += 4) {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      const pixel = i / 4;
      image.data[i] = 200 + (x % 40) - ((pixel % 4000) >> 6);
      image.data[i + 1] = 150 + ((x >> 8) % 40);
      image.data[i + 2] = 120 + ((x >> 16) % 40);
      image.data[i + 3] = 255;
    }
    context.putImageData(image, 0, 0);
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.92 });
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000)
      binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(binary);
  }, seed);
  return Buffer.from(base64, 'base64');
}

/** What the phone keeps: the drafts in IndexedDB, as the page stores them. */
function storedDrafts(page: Page) {
  return page.evaluate(
    () =>
      new Promise<{ clientMutationId: string; state: string; photos: { size: number }[] }[]>(
        (resolve, reject) => {
          const open = indexedDB.open('virtual-care-async-visits');
          open.onerror = () => reject(new Error('IndexedDB did not open'));
          open.onsuccess = () => {
            const all = open.result.transaction('drafts').objectStore('drafts').getAll();
            all.onsuccess = () => {
              resolve(all.result);
              open.result.close();
            };
          };
        },
      ),
  );
}

test('a patient drafts offline with photos, and the clinic gets the visit once, and answers', async ({
  browser,
  request,
}) => {
  const { context, page } = await patientPage(browser);
  await context.addCookies([{ name: 'vc-lang', value: 'en', url: startedProduct().baseUrl }]);
  await signIn(page, 'patient@demo.virtual-care.local', 'demo-patient');
  await expect(page).toHaveURL(/\/portal/);
  await page.getByRole('link', { name: 'Ask your clinic' }).click();
  await expect(page).toHaveURL(new RegExp(`${PAGE}$`));
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true');
  // The service worker has the page once it controls it.
  await expect
    .poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null))
    .toBe(true);
  await expectAccessible(page, 'async visit page');

  const photos = [await cameraPhoto(page, 1), await cameraPhoto(page, 2)];
  await context.setOffline(true);
  await expect(page.getByRole('status')).toHaveText(/No connection/);

  const marker = crypto.randomUUID().slice(0, 8);
  const complaint = `An itchy rash on both arms since Friday (${marker})`;
  await page.getByLabel('What is the problem?').fill(complaint);
  await page.getByLabel('Since when?').fill('Four days');
  await page.getByRole('radio', { name: 'Moderate' }).check();
  await page.getByRole('radio', { name: 'No', exact: true }).check();
  await page
    .getByLabel(/^Photos/)
    .setInputFiles(
      photos.map((buffer, i) => ({ name: `IMG_000${i}.jpg`, mimeType: 'image/jpeg', buffer })),
    );
  await expect(page.getByRole('img', { name: /^Photo \d$/ })).toHaveCount(2);

  // Offline, the page still opens from the phone, with the draft as it was left.
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true');
  await expect(page.getByLabel('What is the problem?')).toHaveValue(complaint);
  await expect(page.getByRole('radio', { name: 'Moderate' })).toBeChecked();
  await expect(page.getByRole('img', { name: /^Photo \d$/ })).toHaveCount(2);
  // Made small on the phone: a few hundred KB at most 1600 px, not the camera's MB.
  const [editing] = await storedDrafts(page);
  const original = photos.reduce((sum, photo) => sum + photo.length, 0);
  const resized = editing!.photos.reduce((sum, photo) => sum + photo.size, 0);
  expect(resized * 8).toBeLessThan(original);
  const longestSide = await page
    .getByRole('img', { name: 'Photo 1' })
    .evaluate((img: HTMLImageElement) => Math.max(img.naturalWidth, img.naturalHeight));
  expect(longestSide).toBe(1600);

  await page.getByRole('button', { name: 'Send to the clinic' }).click();
  const draft = page.locator('#drafts li').filter({ hasText: marker });
  await expect(draft).toHaveAttribute('data-state', 'saved');
  await expect(draft.getByText('Saved on this phone')).toBeVisible();
  await expect(page.getByLabel('What is the problem?')).toHaveValue('');
  await shot(page, 'async-visit-offline');
  await page.reload();
  await expect(draft).toHaveAttribute('data-state', 'saved');
  const clientMutationId = (await draft.getAttribute('data-client-mutation-id'))!;

  // Back online, the link drops in the middle of the second photo's upload: the server has it, the phone never
  // hears so. The phone sends it again later; the server keeps one.
  let cut = false;
  const puts: number[] = [];
  await page.route('**/async-visits/attachments/*', async (route) => {
    const response = await route.fetch();
    puts.push(response.status());
    if (!cut && puts.length === 2) {
      cut = true;
      await route.abort('connectionreset');
    } else await route.fulfill({ response });
  });
  const posts: number[] = [];
  page.on('response', (response) => {
    if (response.request().method() === 'POST' && response.url().endsWith(`${API}/async-visits`))
      posts.push(response.status());
  });
  await context.setOffline(false);
  await expect(draft).toHaveAttribute('data-state', 'saved');
  await expect.poll(() => cut).toBe(true);
  // The page tries again when it is looked at again (or on the next online event, or Background Sync).
  await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  await expect(draft).toHaveAttribute('data-state', 'sent', { timeout: 20_000 });
  await expect(draft.getByText('Sent: waiting for the clinic')).toBeVisible();
  expect(puts).toEqual([201, 201, 200]);
  expect(posts).toEqual([201]);

  // The phone sends the same draft again (its answer lost): 200 with the same visit, nothing new.
  const visits = async () =>
    (
      (await (
        await request.get(`${API}/async-visits?limit=100`, {
          headers: bearer('patient@demo.virtual-care.local'),
        })
      ).json()) as {
        items: {
          id: string;
          clientMutationId: string;
          attachmentRefs: string[];
          answers: unknown[];
        }[];
      }
    ).items.filter((visit) => visit.clientMutationId === clientMutationId);
  const [visit] = await visits();
  expect(visit!.attachmentRefs).toHaveLength(2);
  expect(visit!.answers).toEqual([
    { questionId: 'onset', question: 'Since when?', answer: 'Four days' },
    { questionId: 'severity', question: 'How bad is it?', answer: 'Moderate' },
    { questionId: 'fever', question: 'Do you have a fever?', answer: 'No' },
  ]);
  const replayed = page.waitForResponse(
    (r) => r.request().method() === 'POST' && r.url().endsWith(`${API}/async-visits`),
  );
  await page.evaluate(
    (id) =>
      new Promise<void>((resolve) => {
        const open = indexedDB.open('virtual-care-async-visits');
        open.onsuccess = () => {
          const store = open.result.transaction('drafts', 'readwrite').objectStore('drafts');
          const get = store.get(id);
          get.onsuccess = () => {
            store.put({ ...get.result, state: 'saved' }).onsuccess = () => resolve();
          };
        };
      }),
    clientMutationId,
  );
  await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  expect((await replayed).status()).toBe(200);
  await expect(draft).toHaveAttribute('data-state', 'sent');
  expect(await visits()).toHaveLength(1);
  // Sent, the photos leave the phone; the API's answers were never kept by the service worker.
  const [sent] = (await storedDrafts(page)).filter((d) => d.clientMutationId === clientMutationId);
  expect(sent!.photos.every((photo) => !('blob' in photo) || photo.blob === null)).toBe(true);
  const cachedUrls = await page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys())
      for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
    return urls;
  });
  expect(cachedUrls.some((url) => url.includes('/api/'))).toBe(false);
  expect(cachedUrls.some((url) => url.endsWith(PAGE))).toBe(true);

  // The clinic answers; the patient's page shows it.
  const clinician = bearer('clinician@demo.virtual-care.local');
  const answer =
    'This looks like contact dermatitis: wash with mild soap and stop the new detergent.';
  for (const [step, data] of [
    ['review', {}],
    ['respond', { response: answer }],
  ] as const) {
    const reply = await request.post(`${API}/async-visits/${visit!.id}/${step}`, {
      headers: clinician,
      data,
    });
    expect(reply.status(), await reply.text()).toBe(200);
  }
  const responded = await request.get(`${API}/async-visits/${visit!.id}`, { headers: clinician });
  expect(await responded.json()).toMatchObject({
    status: 'responded',
    encounterId: expect.any(String),
  });
  await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  await expect(draft).toHaveAttribute('data-state', 'answered', { timeout: 15_000 });
  await expect(draft.getByText(answer)).toBeVisible();
  await expectAccessible(page, 'async visit page, answered');
  await shot(page, 'async-visit-answered');

  // In Dari, right to left.
  await context.addCookies([{ name: 'vc-lang', value: 'fa-AF', url: startedProduct().baseUrl }]);
  await page.reload(); // answered from the kept page, which the service worker refreshes behind it
  await expect
    .poll(() =>
      page.evaluate(
        async () =>
          (await (await caches.match(location.pathname, { ignoreVary: true }))?.text()) ?? '',
      ),
    )
    .toContain('dir="rtl"');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('از کلینیک خود بپرسید');
  await expect(draft).toHaveAttribute('data-state', 'answered');
  await expectAccessible(page, 'async visit page (fa-AF)');

  await context.close();
});
