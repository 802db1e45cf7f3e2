import path from 'node:path';
import { expect, test } from './support/test';

const screenshots = path.resolve(import.meta.dirname, '../../../docs/screenshots');

test('the demo clinician signs in and sees the dashboard', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/signin/);
  await page.screenshot({ path: path.join(screenshots, 'sign-in.png') });
  await page.getByLabel('Email').fill('clinician@demo.virtual-care.local');
  await page.getByLabel('Password').fill('demo-clinician');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/clinician/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByText('Kabul Family Clinic')).toBeVisible();
  // The screenshot is the README's: wait until the panels have their data.
  await expect(page.getByText('Loading patients')).toHaveCount(0);
  await expect(page.getByText('Checking the waiting room')).toHaveCount(0);
  await page.screenshot({ path: path.join(screenshots, 'clinician-dashboard.png') });
});

test('a wrong password gets one generic message', async ({ page }) => {
  await page.goto('/signin');
  await page.getByLabel('Email').fill('clinician@demo.virtual-care.local');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Next's route announcer is a role=alert too; ours carries the message.
  await expect(
    page.getByRole('alert').filter({ hasText: 'Email or password is incorrect' }),
  ).toBeVisible();
});

test('each role lands in its own area and is kept out of the others', async ({ page }) => {
  await page.goto('/signin');
  await page.getByLabel('Email').fill('patient@demo.virtual-care.local');
  await page.getByLabel('Password').fill('demo-patient');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/portal/);
  const response = await page.goto('/clinician');
  expect(response?.status()).toBe(403);
});

test('liveness and readiness answer', async ({ request }) => {
  expect((await request.get('/api/health')).status()).toBe(200);
  const ready = await request.get('/api/ready');
  expect(ready.status()).toBe(200);
  expect(await ready.json()).toMatchObject({ checks: { database: 'ok', nats: 'ok' } });
});
