import {
  expect,
  type Browser,
  type BrowserContext,
  type CDPSession,
  type Page,
} from '@playwright/test';
import { clinicianContext, createSession, patientPhone, type CreatedSession } from './languages';

/**
 * A visit under way, as the fallback tests and benchmark need it: the clinician in the visit room (signed in
 * through the form, the video open), the patient on a phone in the call (their link, the device check, the
 * waiting room, admitted from the visit room).
 */
export interface VisitUnderWay {
  session: CreatedSession;
  doctor: Page;
  me: Page;
  /** The patient page's Chromium DevTools session, for network emulation. */
  network: NetworkEmulation;
  close(): Promise<void>;
}

/** The patient opens their link, passes the device check and waits. */
export async function patientWaits(page: Page, link: string) {
  await page.goto(link);
  await page.getByRole('button', { name: 'Start the check' }).click();
  await expect(page.getByText('Your camera and microphone are working.')).toBeVisible({
    timeout: 15_000,
  });
  await page.getByRole('button', { name: 'Enter the waiting room' }).click();
  await expect(page.getByRole('heading', { name: 'You are in the waiting room' })).toBeVisible();
}

export async function visitUnderWay(
  browser: Browser,
  options: { clinician?: { context: BrowserContext; page: Page } } = {},
): Promise<VisitUnderWay> {
  const clinician = options.clinician ?? (await clinicianContext(browser));
  const doctor = clinician.page;
  const session = await createSession(doctor, 0);
  const phone = await patientPhone(browser, 'en-GB');
  const me = phone.page;
  await patientWaits(me, session.link);

  await doctor.goto(`/clinician/sessions/${session.id}`);
  await doctor
    .getByRole('button', { name: /^Admit/ })
    .first()
    .click();
  await expect(doctor.locator('.vc-video iframe')).toBeVisible({ timeout: 20_000 });
  await expect(me.getByRole('heading', { name: 'Your visit has started' })).toBeVisible({
    timeout: 20_000,
  });
  await expect(me.locator('.vc-video iframe')).toBeVisible({ timeout: 15_000 });
  return {
    session,
    doctor,
    me,
    network: await networkEmulation(me),
    close: async () => {
      await phone.context.close();
      if (!options.clinician) await clinician.context.close();
    },
  };
}

/**
 * Chromium's own network emulation (CDP `Network.emulateNetworkConditions`) on one page: what the page's
 * requests go through, as on a weak or lost mobile link.
 */
export interface NetworkEmulation {
  /** A 2G-like link: high latency, little bandwidth (the page's heartbeats take seconds). */
  weak(): Promise<void>;
  offline(): Promise<void>;
  restore(): Promise<void>;
}

async function networkEmulation(page: Page): Promise<NetworkEmulation> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const emulate = (conditions: {
    offline: boolean;
    latency: number;
    downloadThroughput: number;
    uploadThroughput: number;
  }) => cdp.send('Network.emulateNetworkConditions', conditions).then(() => undefined);
  return {
    // Chromium's "Slow 2G"-like profile made a little worse: about 2.5 s per round trip, 20 / 10 KB/s.
    weak: () =>
      emulate({
        offline: false,
        latency: 2_500,
        downloadThroughput: 20 * 1024,
        uploadThroughput: 10 * 1024,
      }),
    offline: () =>
      emulate({ offline: true, latency: 0, downloadThroughput: -1, uploadThroughput: -1 }),
    restore: () =>
      emulate({ offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 }),
  };
}
