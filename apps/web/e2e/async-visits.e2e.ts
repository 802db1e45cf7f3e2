import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { expect, test, type APIRequestContext, type Page } from './support/test';
import { message } from './support/languages';
import {
  clinicianPage,
  expectAccessible,
  expectAccessibleInEveryLanguage,
  shot,
} from './support/pages';
import { demoToken } from './support/product';

/**
 * US-013, the clinician's side: a visit the patient sends from their phone (a photo uploaded on its own, then
 * the visit) reaches the clinician's queue without a reload; the clinician reviews it with the photo, answers,
 * and the visit is `responded` with its Encounter, the answer readable by the patient.
 */

test.describe.configure({ timeout: 150_000 });

const API = '/api/v1/virtual-care';
const MARIAM = 'Mariam Ahmadi';
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

const bearer = (email: string) => ({ authorization: `Bearer ${demoToken(email)}` });

/** A real JPEG, drawn by the browser (a small coloured picture of a "rash"), as a phone's camera would give one. */
async function photoFrom(page: Page): Promise<Buffer> {
  const dataUrl = await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 320;
    canvas.height = 240;
    const context = canvas.getContext('2d')!;
    context.fillStyle = '#e8c4a8';
    context.fillRect(0, 0, 320, 240);
    context.fillStyle = '#c0392b';
    for (let i = 0; i < 12; i++) {
      context.beginPath();
      context.arc(80 + i * 15, 100 + (i % 3) * 20, 6, 0, Math.PI * 2);
      context.fill();
    }
    return canvas.toDataURL('image/jpeg', 0.85);
  });
  return Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
}

/** What the patient's phone does: each photo uploaded on its own with its SHA-256, then the visit. */
async function patientSends(
  request: APIRequestContext,
  photo: Buffer,
  chiefComplaint: string,
): Promise<{ id: string }> {
  const headers = bearer('patient@demo.virtual-care.local');
  const ref = `att_${Array.from(randomBytes(26), (b) => CROCKFORD[b % 32]).join('')}`;
  const sha256 = createHash('sha256').update(photo).digest('hex');
  const upload = await request.put(`${API}/async-visits/attachments/${ref}`, {
    headers: { ...headers, 'content-type': 'image/jpeg', 'x-content-sha256': sha256 },
    data: photo,
  });
  expect(upload.status(), await upload.text()).toBe(201);
  const submitted = await request.post(`${API}/async-visits`, {
    headers,
    data: {
      clientMutationId: randomUUID(),
      chiefComplaint,
      answers: [
        { questionId: 'onset', question: 'Since when?', answer: 'Three days' },
        { questionId: 'fever', question: 'Do you have a fever?', answer: 'No' },
      ],
      attachments: [{ ref, sha256, contentType: 'image/jpeg' }],
    },
  });
  expect(submitted.status(), await submitted.text()).toBe(201);
  return (await submitted.json()) as { id: string };
}

test('the clinician sees a new async visit without reloading, reviews it with its photo and answers', async ({
  browser,
  request,
}) => {
  const clinician = await clinicianPage(browser);
  const page = clinician.page;
  const queue = page.getByRole('region', { name: 'Async visits', exact: true });
  await expect(queue).toBeVisible();

  const marker = randomUUID().slice(0, 8);
  const complaint = `A rash on my arm for three days (${marker})`;
  const visit = await patientSends(request, await photoFrom(page), complaint);

  // No reload: the queue reads itself again and the new visit shows up among the new ones.
  const item = queue.getByRole('listitem').filter({ hasText: marker });
  await expect(item).toBeVisible({ timeout: 20_000 });
  await expect(item.getByText(MARIAM, { exact: true })).toBeVisible();
  await expect(item.getByText('1 photo')).toBeVisible();
  await expect(item.getByText('New', { exact: true })).toBeVisible();
  await expectAccessible(page, 'dashboard with an async visit');
  await shot(page, 'async-visit-queue');
  await expectAccessibleInEveryLanguage(page, 'dashboard with an async visit', async (language) => {
    await expect(
      page.getByRole('heading', { name: message(language, 'clinician.asyncVisits.title') }),
    ).toBeVisible();
    await expect(page.getByRole('listitem').filter({ hasText: marker })).toBeVisible({
      timeout: 15_000,
    });
  });

  await item.getByRole('link', { name: /Open/ }).click();
  await expect(page).toHaveURL(new RegExp(`/clinician/async-visits/${visit.id}$`));
  await expect(page.getByRole('heading', { name: `Async visit from ${MARIAM}` })).toBeVisible();
  await expect(page.getByText(complaint)).toBeVisible();
  // What the patient was asked, as they read it, above each answer.
  await expect(page.getByText('Since when?')).toBeVisible();
  await expect(page.getByText('Three days', { exact: true })).toBeVisible();
  const photo = page.getByRole('img', { name: `Photo 1 of 1 sent by ${MARIAM}` });
  await photo.scrollIntoViewIfNeeded();
  await expect
    .poll(() => photo.evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0)))
    .toBeGreaterThan(0);

  await page.getByRole('button', { name: 'Start review' }).click();
  const answer = page.getByRole('textbox', { name: 'Answer to the patient' });
  await expect(answer).toBeVisible();
  // An empty answer is not sent: the clinician is told what is missing.
  await page.getByRole('button', { name: 'Send the answer' }).click();
  await expect(page.getByText('Write an answer before sending it.')).toBeVisible();
  await expect(answer).toBeFocused();

  const response =
    'This looks like contact dermatitis. Wash with mild soap and avoid the new detergent.';
  await answer.fill(response);
  await page.getByRole('button', { name: 'Send the answer' }).click();
  await expect(page.getByText(response)).toBeVisible();
  await expect(page.getByText('The answer is recorded in the chart.')).toBeVisible({
    timeout: 15_000,
  });
  await expect(page.getByText(/^Encounter\//)).toBeVisible();

  // On the server: responded, with its Encounter, and the patient reads the answer.
  const clinicianView = await request.get(`${API}/async-visits/${visit.id}`, {
    headers: bearer('clinician@demo.virtual-care.local'),
  });
  expect(await clinicianView.json()).toMatchObject({
    status: 'responded',
    encounterId: expect.any(String),
    patientDisplayName: MARIAM,
  });
  const patientView = await request.get(`${API}/async-visits/${visit.id}`, {
    headers: bearer('patient@demo.virtual-care.local'),
  });
  expect(await patientView.json()).toMatchObject({ status: 'responded', response });

  await expectAccessible(page, 'async visit review, answered');
  await shot(page, 'async-visit-review');
  await expectAccessibleInEveryLanguage(page, 'async visit review, answered', async (language) => {
    await expect(
      page.getByRole('heading', { name: message(language, 'clinician.asyncVisits.answerTitle') }),
    ).toBeVisible();
    await expect(page.getByText(response)).toBeVisible();
  });

  // Closed, it leaves the queue.
  await page.getByRole('button', { name: 'Close the visit' }).click();
  await expect(page.getByText('This visit is closed.')).toBeVisible();
  await page.getByRole('link', { name: /Back to the dashboard/ }).click();
  await expect(queue).toHaveAttribute('aria-busy', 'false');
  await expect(page.getByText(marker)).toHaveCount(0);

  await clinician.context.close();
});

test('a submission reaches the open dashboard live, well before the queue would poll', async ({
  browser,
  request,
}) => {
  const clinician = await clinicianPage(browser);
  const page = clinician.page;
  const queue = page.getByRole('region', { name: 'Async visits', exact: true });
  // From a fresh load: the queue's first read, then its live stream, whose `live.ready` (sent once the NATS
  // subscription is in place) makes it read again.
  let queueReads = 0;
  page.on('request', (req) => {
    if (req.url().includes('asyncVisits.list')) queueReads += 1;
  });
  const stream = page.waitForResponse((res) => res.url().includes('asyncVisits.changes'));
  await page.reload();
  expect((await stream).headers()['content-type']).toContain('text/event-stream');
  // Without the live feed the second read would be the 10 s poll.
  await expect.poll(() => queueReads, { timeout: 5_000 }).toBeGreaterThanOrEqual(2);
  await expect(queue).toHaveAttribute('aria-busy', 'false');

  const marker = randomUUID().slice(0, 8);
  const visit = await patientSends(
    request,
    await photoFrom(page),
    `A cough since yesterday (${marker})`,
  );

  // No reload, and sooner than any poll (every 30 s while live): the submission's signal brought it.
  const item = queue.getByRole('listitem').filter({ hasText: marker });
  await expect(item).toBeVisible({ timeout: 8_000 });
  await expect(item.getByText(MARIAM, { exact: true })).toBeVisible();
  await expect(item.getByText('New', { exact: true })).toBeVisible();

  // Answered and closed through the API, so the demo queue keeps only what other tests leave in it.
  const headers = bearer('clinician@demo.virtual-care.local');
  for (const [step, data] of [
    ['review', {}],
    ['respond', { response: 'Drink plenty of water and rest; come back if it lasts a week.' }],
    ['close', {}],
  ] as const) {
    const res = await request.post(`${API}/async-visits/${visit.id}/${step}`, { headers, data });
    expect(res.status(), `${step}: ${await res.text()}`).toBe(200);
  }

  await clinician.context.close();
});
