import { expect, test, type APIRequestContext } from './support/test';
import { demoToken } from './support/product';
import { patientWaits } from './support/visit';
import {
  clinicianPage,
  expectAccessible,
  expectAccessibleInEveryLanguage,
  FAKE_MEDIA,
  patientPage,
  shot,
  signIn,
} from './support/pages';

/**
 * The clinician's day beyond the single visit: telling a waiting patient you run late, a patient who never came,
 * and the patient's own portal. Each screen in English, Dari and Pashto, checked with axe.
 */

test.use({ launchOptions: FAKE_MEDIA });
test.describe.configure({ timeout: 150_000 });

const MARIAM = 'Mariam Ahmadi';

/** A session for Mariam Ahmadi through the REST API; answers its id and the patient's join link (path + query). */
async function newSession(
  request: APIRequestContext,
  scheduledStart: Date,
): Promise<{ id: string; link: string }> {
  const headers = { authorization: `Bearer ${demoToken('clinician@demo.virtual-care.local')}` };
  const patients = (await (
    await request.get('/api/v1/virtual-care/patients', { headers })
  ).json()) as { items: Array<{ id: string; displayName: string }> };
  const created = await request.post('/api/v1/virtual-care/sessions', {
    headers,
    data: {
      patientId: patients.items.find((p) => p.displayName === MARIAM)?.id,
      scheduledStart: scheduledStart.toISOString(),
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const body = (await created.json()) as { id: string; patientJoinUrl: string };
  const url = new URL(body.patientJoinUrl);
  return { id: body.id, link: `${url.pathname}${url.search}` };
}

test('running late: the clinician says so from the waiting card, and the waiting patient sees it', async ({
  browser,
  request,
}) => {
  const session = await newSession(request, new Date(Date.now() + 2 * 60_000));
  const patient = await patientPage(browser);
  await patientWaits(patient.page, session.link);
  // Their place in the queue (other patients may be waiting for this clinician).
  await expect(patient.page.getByText(/The clinician will see you next|before you\./)).toBeVisible({
    timeout: 15_000,
  });

  const clinician = await clinicianPage(browser);
  // Found by its link, whatever the language.
  const card = clinician.page.locator('.vc-waiting__card', {
    has: clinician.page.locator(`a[href="/clinician/sessions/${session.id}"]`),
  });
  await expect(card).toBeVisible({ timeout: 15_000 });
  await card.getByLabel('Tell the patient you are running late').selectOption('10');
  await card.getByRole('button', { name: 'Tell the patient' }).click();
  await expect(card.getByText('The patient sees: running about 10 minutes late')).toBeVisible();

  await expect(
    patient.page.getByText('Your clinician is running about 10 minutes late.'),
  ).toBeVisible({ timeout: 15_000 });
  await expectAccessible(patient.page, 'waiting room, running late');
  await shot(patient.page, 'waiting-room-running-late');
  await expectAccessibleInEveryLanguage(
    patient.page,
    'waiting room, running late',
    async (language) => {
      const expected = { en: 'running about 10 minutes late', 'fa-AF': 'ناوقت', 'ps-AF': 'ناوخته' };
      await expect(patient.page.getByText(new RegExp(expected[language]))).toBeVisible({
        timeout: 15_000,
      });
    },
  );

  await expectAccessibleInEveryLanguage(
    clinician.page,
    'dashboard with a waiting card',
    async () => {
      await expect(card).toBeVisible({ timeout: 15_000 });
    },
  );
  await shot(clinician.page, 'dashboard-running-late');
  await clinician.context.close();
  await patient.context.close();
});

test('no-show: a patient who never came is recorded as such, the list says so, and their link too', async ({
  browser,
  request,
}) => {
  const session = await newSession(request, new Date(Date.now() - 60_000));
  const clinician = await clinicianPage(browser);
  const doctor = clinician.page;
  await doctor.goto(`/clinician/sessions/${session.id}`);
  await expect(doctor.getByText(`${MARIAM} has not come yet.`)).toBeVisible();
  // The automatic one: the tenant's grace window after the start (30 minutes in the demo).
  await expect(doctor.getByText(/the visit is recorded as a no-show/)).toBeVisible();
  await expectAccessibleInEveryLanguage(doctor, 'visit room, patient not come');
  await shot(doctor, 'visit-room-not-come');

  await doctor.getByRole('button', { name: 'Record as no-show now' }).click();
  await expect(doctor.getByText('No-show: the patient never came')).toBeVisible({
    timeout: 15_000,
  });
  await expect(doctor.getByText('Patient · Never came')).toBeVisible();
  await expectAccessible(doctor, 'visit room, no-show');

  // The list, by day, newest first: the visit carries its reason.
  await doctor.goto('/clinician');
  await doctor.getByLabel('Status').selectOption('no_show');
  const row = doctor
    .getByRole('row')
    .filter({ has: doctor.locator(`a[href="/clinician/sessions/${session.id}"]`) });
  await expect(row.getByText('No-show')).toBeVisible({ timeout: 15_000 });
  await expect(doctor.getByRole('heading', { name: /^Today/, level: 3 })).toBeVisible();
  await shot(doctor, 'sessions-by-day');
  await expectAccessibleInEveryLanguage(doctor, 'visits by day, filtered to no-shows');

  const patient = await patientPage(browser);
  await patient.page.goto(session.link);
  await expect(patient.page.getByRole('heading', { name: 'You missed this visit' })).toBeVisible();
  await expectAccessibleInEveryLanguage(patient.page, 'missed visit page');
  await shot(patient.page, 'missed-visit');
  await clinician.context.close();
  await patient.context.close();
});

test("the patient's portal lists their own visits, upcoming with a Join button that opens the waiting room", async ({
  browser,
  request,
}) => {
  const session = await newSession(request, new Date(Date.now() + 5 * 60_000));
  const portal = await patientPage(browser, 'en-GB', { width: 1024, height: 800 });
  await signIn(portal.page, 'patient@demo.virtual-care.local', 'demo-patient');
  await expect(portal.page).toHaveURL(/\/portal/);
  const upcoming = portal.page.getByRole('list', { name: 'Upcoming visits' });
  await expect(upcoming.getByRole('listitem').first()).toBeVisible();
  await expect(portal.page.getByRole('heading', { name: 'Past visits' })).toBeVisible();
  await expectAccessibleInEveryLanguage(portal.page, 'portal visits', async () => {
    await expect(portal.page.locator('.vc-visit__join').first()).toBeVisible();
  });
  await shot(portal.page, 'portal-visits');

  await portal.page
    .locator(`form[action="/portal/visits/${session.id}/join"]`)
    .getByRole('button', { name: /Join the visit/ })
    .click();
  await expect(portal.page).toHaveURL(/\/join$/);
  await expect(
    portal.page.getByRole('heading', { name: 'Check your camera and microphone' }),
  ).toBeVisible();
  expect(portal.page.url()).not.toContain('token=');
  await portal.context.close();
});
