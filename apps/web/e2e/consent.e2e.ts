import path from 'node:path';
import { expect, test, type Browser, type Page } from './support/test';
import { sameOrigin } from './support/same-origin';

const screenshots = path.resolve(import.meta.dirname, '../../../docs/screenshots');
const MARIAM = '8b3e4c6a-af5d-4e7c-9a91-2c3d4e5f6a01'; // the demo patient user's own record

async function signIn(
  browser: Browser,
  email: string,
  password: string,
  area: RegExp,
): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto('/signin');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(area);
  return page;
}

/** POST /api/v1/virtual-care/sessions with the clinician's browser session. */
const createSession = (clinician: Page) =>
  clinician.request.post('/api/v1/virtual-care/sessions', {
    headers: sameOrigin(clinician),
    data: { patientId: MARIAM, scheduledStart: new Date(Date.now() + 5 * 60_000).toISOString() },
  });

test('a patient grants telehealth consent in the portal; the clinician can then create the session that was refused', async ({
  browser,
}) => {
  const patient = await signIn(
    browser,
    'patient@demo.virtual-care.local',
    'demo-patient',
    /\/portal/,
  );
  const telehealth = patient.getByTestId('consent-telehealth');
  await expect(telehealth).toBeVisible();
  // Start from "no consent": withdraw it if the demo data (or an earlier run) granted it.
  if ((await patient.getByTestId('consent-telehealth-status').textContent()) === 'Agreed') {
    await telehealth.getByRole('button', { name: 'Withdraw consent' }).click();
    await expect(patient.getByTestId('consent-telehealth-status')).toHaveText('Not agreed');
  }

  const clinician = await signIn(
    browser,
    'clinician@demo.virtual-care.local',
    'demo-clinician',
    /\/clinician/,
  );
  const refused = await createSession(clinician);
  expect(refused.status()).toBe(403);
  expect(await refused.json()).toMatchObject({ code: 'CONSENT_REQUIRED' });

  await telehealth.getByRole('button', { name: 'I agree' }).click();
  await expect(patient.getByTestId('consent-telehealth-status')).toHaveText('Agreed');
  await patient.screenshot({ path: path.join(screenshots, 'portal-consents.png'), fullPage: true });

  const created = await createSession(clinician);
  expect(created.status(), await created.text()).toBe(201);
  const session = (await created.json()) as { id: string; version: number };
  await clinician.request.post(`/api/v1/virtual-care/sessions/${session.id}/cancel`, {
    headers: sameOrigin(clinician),
    data: { reason: 'e2e clean-up', expectedVersion: session.version },
  });
});

test('a clinician records a verbal consent with attestation', async ({ browser }) => {
  const clinician = await signIn(
    browser,
    'clinician@demo.virtual-care.local',
    'demo-clinician',
    /\/clinician/,
  );
  await clinician.goto(`/clinician/patients/${MARIAM}/consent`);
  await clinician.getByLabel('Consent', { exact: true }).selectOption('ai_processing');
  const record = clinician.getByRole('button', { name: 'Record verbal consent' });
  await expect(record).toBeDisabled();
  await clinician.getByLabel(/I read the AI processing consent text/).check();
  await record.click();
  await expect(
    clinician.getByRole('status').filter({ hasText: 'Verbal consent recorded' }),
  ).toBeVisible();
  // The consent's name and the way it was given, in the clinician's words (was `ai_processing: agreed (verbal
  // attested, ...)` when the page showed the raw values).
  await expect(clinician.getByTestId('consents-on-file')).toContainText(
    'AI help with notes: agreed (verbal, attested',
  );
});
