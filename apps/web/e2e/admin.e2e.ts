import { createServer } from 'node:net';
import path from 'node:path';
import { expect, test, type Page } from './support/test';

const screenshots = path.resolve(import.meta.dirname, '../../../docs/screenshots');

async function signInAsAdmin(page: Page) {
  await page.goto('/signin');
  await page.getByLabel('Email').fill('admin@demo.virtual-care.local');
  await page.getByLabel('Password').fill('demo-admin');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/admin\/settings/);
  await expect(page.getByLabel('Brand colour')).toBeVisible();
}

/** A loopback port nothing listens on: the "stopped Jitsi" case. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

test('the admin changes the branding, sees the join-page preview follow, and saves', async ({
  page,
}) => {
  await signInAsAdmin(page);
  const colour = page.getByLabel('Brand colour');
  const original = await colour.inputValue();
  await colour.fill('#7c3aed');
  await page.getByLabel('Logo URL').fill('https://cdn.example.org/clinic-logo.png');
  const preview = page.getByTestId('branding-preview');
  await expect(preview).toHaveAttribute('data-accent', '#7c3aed');
  await expect(page.getByTestId('branding-preview-logo')).toHaveAttribute(
    'src',
    'https://cdn.example.org/clinic-logo.png',
  );
  await colour.fill('not-a-colour');
  await expect(preview).toHaveAttribute('data-accent', '');
  await colour.fill('#7c3aed');
  await page.getByLabel('Logo URL').fill('');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  await page.screenshot({ path: path.join(screenshots, 'admin-settings.png'), fullPage: true });

  await page.reload();
  await expect(page.getByLabel('Brand colour')).toHaveValue('#7c3aed');
  await page.getByLabel('Brand colour').fill(original);
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
});

test('a bad value gets its message next to the field', async ({ page }) => {
  await signInAsAdmin(page);
  await page.getByLabel('Participant limit').fill('40');
  await page.getByRole('button', { name: 'Save settings' }).click();
  const limit = page.getByLabel('Participant limit');
  await expect(limit).toHaveAttribute('aria-invalid', 'true');
  await expect(limit).toHaveAccessibleDescription(/must be between 2 and 20/);
  // The field's own error element (its aria-describedby target), not a summary elsewhere on the page.
  const errorId = ((await limit.getAttribute('aria-describedby')) ?? '')
    .split(' ')
    .find((id) => id.endsWith('-error'));
  expect(errorId, 'the field names its error in aria-describedby').toBeTruthy();
  const fieldError = page.locator('.vc-field').filter({ has: limit }).locator(`[id="${errorId}"]`);
  await expect(fieldError).toBeVisible();
  await expect(fieldError).toContainText('must be between 2 and 20');
  // Plain words, never the server's developer text ("Invalid maxParticipants: ...").
  await expect(page.getByText(/maxParticipants|VALIDATION_FAILED/)).toHaveCount(0);

  // A summary at the top says what to fix, takes the focus, and links to the field.
  const summary = page.getByTestId('settings-error-summary');
  await expect(summary).toHaveAttribute('role', 'alert');
  await expect(
    summary.getByRole('heading', { name: 'Some settings need a change before they can be saved' }),
  ).toBeFocused();
  const link = summary.getByRole('link', {
    name: /^Participant limit: .*must be between 2 and 20/,
  });
  await page.screenshot({ path: path.join(screenshots, 'admin-settings-errors.png') });
  await link.click();
  await expect(limit).toBeFocused();
});

test('the video backends are named as products, not raw values', async ({ page }) => {
  await signInAsAdmin(page);
  const names = await page.getByLabel('Video backend').locator('option').allTextContents();
  expect(names).toEqual(['Jitsi Meet', 'mediasoup', 'Zoom', 'Webex', 'Microsoft Teams']);
  await expect(page.getByLabel('Fallback backend').locator('option').first()).toHaveText('None');
});

test('test connection: healthy against the Jitsi stand-in, unhealthy with a reason when it is not there', async ({
  page,
}) => {
  await signInAsAdmin(page);
  const result = page.getByTestId('connection-result');
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(result).toContainText('Connected');
  await expect(result).toContainText(/answered healthy in \d+ ms/);

  const saved = await page.getByLabel('Jitsi server URL').inputValue();
  await page.getByLabel('Jitsi server URL').fill(`http://127.0.0.1:${await closedPort()}`); // tested before saving: nothing is stored
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(result).toContainText('Not reachable');
  await page.screenshot({ path: path.join(screenshots, 'admin-test-connection-unhealthy.png') });
  // The result belongs to the address it tested: changing the address clears it.
  await page.getByLabel('Jitsi server URL').fill(saved);
  await expect(result).toBeEmpty();
  await expect(result).not.toContainText('Not reachable');
});

test('a stored credential is kept hidden, replaced by typing, and removed on request', async ({
  page,
}) => {
  await signInAsAdmin(page);
  const openOtherServices = () => page.getByText('Other video services').click();
  await openOtherServices();
  const zoomKey = page.getByLabel('Zoom API key', { exact: true });
  await expect(zoomKey).toHaveAccessibleDescription('Not set.');
  await zoomKey.fill('zoom-key-for-the-e2e-test');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(zoomKey).toBeHidden(); // saved: the form starts again from the new version, its details closed
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();

  await openOtherServices();
  await expect(zoomKey).toHaveValue('');
  await expect(zoomKey).toHaveAccessibleDescription(/^Stored \(hidden\)/);
  await page.getByLabel('Remove the stored Zoom API key').check();
  await expect(zoomKey).toBeDisabled();
  await expect(zoomKey).toHaveAccessibleDescription('Will be removed when you save.');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(zoomKey).toBeHidden();
  await expect(
    page.getByRole('status').filter({ hasText: 'Saved: 1 setting changed' }),
  ).toBeVisible();

  await openOtherServices();
  await expect(zoomKey).toHaveAccessibleDescription('Not set.');
  await expect(page.getByLabel('Remove the stored Zoom API key')).toHaveCount(0);
});

test("the admin decides whether the AI scribe asks for the patient's AI consent, and how long transcripts are kept", async ({
  page,
}) => {
  await signInAsAdmin(page);
  const consent = page.getByLabel('Ask for the patient’s AI consent before transcribing');
  const hours = page.getByLabel('Keep AI transcripts for (hours)');
  await expect(consent).toBeChecked(); // on by default
  const keptHours = await hours.inputValue();
  await consent.uncheck();
  await hours.fill('48');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();

  await page.reload();
  await expect(consent).not.toBeChecked();
  await expect(hours).toHaveValue('48');
  await consent.check();
  await hours.fill(keptHours);
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
});
