import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Browser, type BrowserContext, type Frame, type Page } from '@playwright/test';
import { debianChromium } from '../debian-chromium';
import { repositoryRoot, startedProduct } from './product';

/** Chromium's fake devices: a test-pattern camera and a beeping microphone, permission granted without a prompt. */
export const FAKE_MEDIA = debianChromium([
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
]);

/** A cheap phone's screen. */
export const PHONE = { width: 360, height: 640 };
export const LANGUAGES = ['en', 'fa-AF', 'ps-AF'] as const;
export type Language = (typeof LANGUAGES)[number];

const screenshots = path.join(repositoryRoot, 'docs/screenshots');
export const shot = (page: Page, name: string, fullPage = true) =>
  page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage });

/** No serious or critical axe violation (the video iframe is the video provider's page, not ours). */
export async function expectAccessible(page: Page, label: string) {
  const results = await new AxeBuilder({ page }).exclude('.vc-video').analyze();
  const blocking = results.violations.filter(
    (v) => v.impact === 'serious' || v.impact === 'critical',
  );
  const summary = blocking.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} -> ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(summary, `axe on ${label}`).toEqual([]);
}

/** The language the next page loads in (the product's `vc-lang` cookie, as the language switch sets it). */
export async function switchLanguage(page: Page, language: Language) {
  await page.context().addCookies([
    {
      name: 'vc-lang',
      value: language,
      url: new URL(page.url() || startedProduct().baseUrl).origin,
    },
  ]);
}

/**
 * The page reloaded in each language, checked with axe, right to left where the language is; `check` looks for
 * something the page must show in it. Ends in English.
 */
export async function expectAccessibleInEveryLanguage(
  page: Page,
  label: string,
  check: (language: Language) => Promise<void> = async () => undefined,
) {
  for (const language of [...LANGUAGES.slice(1), 'en' as const]) {
    await switchLanguage(page, language);
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('lang', language);
    await expect(page.locator('html')).toHaveAttribute('dir', language === 'en' ? 'ltr' : 'rtl');
    await check(language);
    await expectAccessible(page, `${label} (${language})`);
  }
}

export async function signIn(page: Page, email: string, password: string) {
  await page.goto('/signin');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function clinicianPage(
  browser: Browser,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  await context.addCookies([{ name: 'vc-lang', value: 'en', url: startedProduct().baseUrl }]);
  const page = await context.newPage();
  await signIn(page, 'clinician@demo.virtual-care.local', 'demo-clinician');
  await expect(page).toHaveURL(/\/clinician/);
  return { context, page };
}

export async function patientPage(
  browser: Browser,
  locale = 'en-GB',
  viewport = PHONE,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport,
    locale,
    permissions: ['camera', 'microphone'],
  });
  return { context, page: await context.newPage() };
}

/** What the local Jitsi stand-in's room page reports of the call (`window.jitsiStandIn`, decision 0013). */
export interface PeerStats {
  displayName: string;
  connectionState: string;
  inboundVideo: { framesDecoded: number; frameWidth: number } | null;
  inboundAudio: { totalAudioEnergy: number } | null;
  localVideoTrackLive: boolean;
  localAudioTrackLive: boolean;
}
interface RoomWindow {
  jitsiStandIn: {
    stats(): Promise<PeerStats[]>;
    localTracks(): { video: string; audio: string };
  };
}

/** The video iframe of a page: the stand-in's room page. */
export async function videoFrame(page: Page): Promise<Frame> {
  // The stand-in's port: the page may address it as localhost or 127.0.0.1.
  const port = `:${new URL(startedProduct().jitsiUrl).port}/`;
  let frame: Frame | undefined;
  await expect
    .poll(
      () => (frame = page.frames().find((f) => f !== page.mainFrame() && f.url().includes(port))),
      {
        timeout: 20_000,
      },
    )
    .toBeTruthy();
  return frame!;
}

/**
 * The live picture and sound, seen from inside the page: the other side's video decodes frames and their audio
 * carries energy (RTCPeerConnection.getStats), and this side's own camera and microphone are live.
 */
export async function expectTwoWayCall(page: Page, otherName: string, label: string) {
  const frame = await videoFrame(page);
  await expect
    .poll(
      async () => {
        const stats = await frame.evaluate(() =>
          (window as unknown as RoomWindow).jitsiStandIn.stats(),
        );
        const other = stats.find((s) => s.displayName === otherName);
        return {
          connected: other?.connectionState,
          framesDecoded: (other?.inboundVideo?.framesDecoded ?? 0) > 0,
          frameWidth: (other?.inboundVideo?.frameWidth ?? 0) > 0,
          audioEnergy: (other?.inboundAudio?.totalAudioEnergy ?? 0) > 0,
          sendsCamera: other?.localVideoTrackLive ?? false,
          sendsMicrophone: other?.localAudioTrackLive ?? false,
        };
      },
      { message: `${label}: the call with ${otherName}`, timeout: 30_000, intervals: [500] },
    )
    .toEqual({
      connected: 'connected',
      framesDecoded: true,
      frameWidth: true,
      audioEnergy: true,
      sendsCamera: true,
      sendsMicrophone: true,
    });
  const local = await frame.evaluate(() =>
    (window as unknown as RoomWindow).jitsiStandIn.localTracks(),
  );
  expect(local, `${label}: own camera and microphone`).toEqual({ video: 'live', audio: 'live' });
}
