import { expect, test, type Page } from './support/test';
import { expectAccessible, FAKE_MEDIA, shot, switchLanguage, videoFrame } from './support/pages';
import { visitUnderWay } from './support/visit';

/**
 * US-008 in a real browser, the way a patient on a failing link lives it: Chromium's own network emulation
 * (CDP) makes the patient's link 2G-like, then cuts it. Asserted is what each side sees and what was stored:
 * the call offered and then moved to audio only by itself (the patient's camera no longer sent), back to video
 * with one tap; the link lost past the grace window, the messaging thread open on both sides with a line saying
 * why, a message written offline arriving once. axe in English and Dari.
 */

test.use({ launchOptions: FAKE_MEDIA });

interface BandwidthView {
  bandwidthProfile: string;
  bandwidthChanges: Array<{ from: string; to: string }>;
  status: string;
  messagingThreadId: string | null;
  encounterId: string | null;
}

async function sessionView(doctor: Page, id: string): Promise<BandwidthView> {
  const response = await doctor.request.get(`/api/v1/virtual-care/sessions/${id}`);
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()) as BandwidthView;
}

/** Whether this page's own camera is sent into the call (the stand-in's room page reads its RTCPeerConnection). */
async function sendsCamera(page: Page): Promise<boolean> {
  const frame = await videoFrame(page);
  const stats = await frame.evaluate(() =>
    (
      window as unknown as {
        jitsiStandIn: { stats(): Promise<Array<{ localVideoTrackLive: boolean }>> };
      }
    ).jitsiStandIn.stats(),
  );
  return stats.some((peer) => peer.localVideoTrackLive);
}

test('a weak link: audio only is offered, then applied by itself; one tap brings the video back', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const visit = await visitUnderWay(browser);
  const { me, doctor, session, network } = visit;
  await expect.poll(() => sendsCamera(me), { timeout: 30_000 }).toBe(true);

  await network.weak();
  // Sustained poor quality first offers audio only ...
  const offer = me.getByRole('button', { name: 'Switch to audio only' });
  await expect(offer).toBeVisible({ timeout: 30_000 });
  await expectAccessible(me, 'the audio-only offer');
  await shot(me, 'fallback-audio-only-offer', false);
  // ... and, nobody answering it, switches by itself.
  await expect(me.getByText(/Audio only/).first()).toBeVisible({ timeout: 30_000 });
  await expect.poll(() => sendsCamera(me), { timeout: 20_000 }).toBe(false);
  await expect
    .poll(async () => (await sessionView(doctor, session.id)).bandwidthProfile, { timeout: 20_000 })
    .toBe('audio_only');
  // The clinician is told why their picture of the patient stopped.
  await expect(doctor.getByText(/audio only/i).first()).toBeVisible({ timeout: 20_000 });
  await shot(me, 'fallback-audio-only', false);

  // The link recovers; the patient turns the video back on with one tap.
  await network.restore();
  await me.getByRole('button', { name: 'Turn video back on' }).click();
  await expect.poll(() => sendsCamera(me), { timeout: 20_000 }).toBe(true);
  const after = await sessionView(doctor, session.id);
  expect(after.bandwidthChanges.map((c) => `${c.from}->${c.to}`)).toEqual([
    'video->audio_only',
    'audio_only->video',
  ]);
  await visit.close();
});

test('the link lost past the grace window: the thread opens on both sides; a message written offline arrives once', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const visit = await visitUnderWay(browser);
  const { me, doctor, session, network } = visit;

  await network.offline();
  const lostAt = Date.now();
  // The patient's page, cut off, opens its messages by itself once the grace window has passed.
  const myThread = me.getByRole('log', { name: 'Messages' });
  await expect(myThread).toBeVisible({ timeout: 120_000 });
  await expect(me.getByText(/connection was lost/i)).toBeVisible();
  // The server failed the session and opened the thread; the clinician's visit room shows it by itself.
  const doctorThread = doctor.getByRole('log', { name: 'Messages' });
  await expect(doctorThread).toBeVisible({ timeout: 60_000 });
  await expect(doctor.getByText(/connection was lost/i)).toBeVisible();
  const failed = await sessionView(doctor, session.id);
  expect(failed).toMatchObject({ status: 'failed', bandwidthProfile: 'async_text' });
  expect(failed.messagingThreadId).toEqual(expect.any(String));
  test.info().annotations.push({
    type: 'fallback',
    description: `thread on both sides ${Math.round((Date.now() - lostAt) / 1000)} s after the loss`,
  });

  // Written while still offline: kept, shown as waiting, sent once the link is back.
  const text = `Still here, the network dropped (${Date.now()})`;
  await me.getByRole('textbox', { name: 'Message' }).fill(text);
  await me.getByRole('button', { name: 'Send' }).click();
  await expect(myThread.getByText(text)).toBeVisible();
  await expect(me.getByText(/waiting to send/i)).toBeVisible();
  await network.restore();
  await expect(doctorThread.getByText(text)).toBeVisible({ timeout: 30_000 });
  await expect(me.getByText(/waiting to send/i)).toHaveCount(0, { timeout: 30_000 });
  // Exactly once, even after both pages have polled again a few times.
  await doctor.waitForTimeout(7_000);
  await expect(doctorThread.getByText(text)).toHaveCount(1);
  await expect(myThread.getByText(text)).toHaveCount(1);

  // The clinician answers; the patient reads it without reloading.
  const reply = `Thank you, we continue here (${Date.now()})`;
  await doctor.getByRole('textbox', { name: 'Message' }).fill(reply);
  await doctor.getByRole('button', { name: 'Send' }).click();
  await expect(myThread.getByText(reply)).toBeVisible({ timeout: 20_000 });
  await expectAccessible(me, 'the patient thread (en)');
  await expectAccessible(doctor, 'the clinician thread (en)');
  await shot(me, 'fallback-thread-patient-en');
  await shot(doctor, 'fallback-thread-clinician');

  // In Dari, right to left, the same thread.
  for (const page of [me, doctor]) {
    await switchLanguage(page, 'fa-AF');
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.getByRole('log')).toContainText(reply, { timeout: 20_000 });
    await expectAccessible(page, 'the thread (fa-AF)');
  }
  await shot(me, 'fallback-thread-patient-fa-AF');

  // Done in messages, the clinician ends the visit: it is charted like any visit, and the patient is told.
  for (const page of [me, doctor]) {
    await switchLanguage(page, 'en');
    await page.reload();
  }
  await doctor.getByRole('button', { name: 'End visit' }).click();
  await doctor.getByRole('dialog').getByRole('button', { name: 'End visit' }).click();
  await expect(doctor.getByText('Visit ended')).toBeVisible({ timeout: 20_000 });
  const ended = await sessionView(doctor, session.id);
  expect(ended).toMatchObject({ status: 'ended', bandwidthProfile: 'async_text' });
  expect(ended.encounterId).toEqual(expect.any(String));
  await expect(me.getByRole('heading', { name: /visit has ended/ })).toBeVisible({
    timeout: 20_000,
  });
  await visit.close();
});
