import { expect, test, type Page } from './support/test';
import { expectTwoWayCall, FAKE_MEDIA, videoFrame, type PeerStats } from './support/pages';
import { startedProduct } from './support/product';
import { visitUnderWay } from './support/visit';

/**
 * Removal means out (issue 19, decision 0040), in real browsers on the local Jitsi stand-in's real call: the clinician
 * removes the patient in the middle of the visit and the clinician's page, the call's moderator, kicks them out of
 * the call even while the patient's page hears nothing from our server (its status poll cut off); rejoining with
 * the video token the page still holds gets them kicked again; once the page hears from the server it says they
 * were removed, and their link opens nothing any more.
 */

test.use({ launchOptions: FAKE_MEDIA });

/** Who the stand-in's call on this page is connected to, by name. */
async function peersOf(page: Page): Promise<string[]> {
  const frame = await videoFrame(page);
  const stats = await frame.evaluate(() =>
    (window as unknown as { jitsiStandIn: { stats(): Promise<PeerStats[]> } }).jitsiStandIn.stats(),
  );
  return stats.map((peer) => peer.displayName);
}

test('a removed patient is kicked out of the call, cannot get back in, and is told so', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const visit = await visitUnderWay(browser);
  const { doctor, me, session } = visit;
  try {
    await expectTwoWayCall(me, 'Dr. Nadia Rahimi', 'the patient');
    await expectTwoWayCall(doctor, 'Mariam Ahmadi', 'the clinician');

    // Every call page the patient's browser opens, counted as it loads (the stand-in's room page).
    const jitsiPort = `:${new URL(startedProduct().jitsiUrl).port}/`;
    let callPagesOpened = 0;
    me.on('framenavigated', (frame) => {
      if (frame !== me.mainFrame() && frame.url().includes(jitsiPort)) callPagesOpened += 1;
    });

    // The patient's page hears nothing from our server from now on: only the call itself can put them out.
    await me.route('**/join/api/status', (route) => route.abort());

    await doctor.getByRole('button', { name: 'Remove Mariam Ahmadi' }).click();
    const dialog = doctor.getByRole('dialog');
    await dialog.getByLabel(/^Reason/).fill('wrong patient');
    const removedAt = Date.now();
    await dialog.getByRole('button', { name: 'Remove', exact: true }).click();

    // Out of the call within seconds: the patient's call page is gone, the clinician's call has nobody else.
    await expect(me.locator('.vc-video iframe')).toHaveCount(0, { timeout: 15_000 });
    const outAfterMs = Date.now() - removedAt;
    await expect(me.getByRole('heading', { name: 'You left the call' })).toBeVisible();
    await expect.poll(() => peersOf(doctor), { timeout: 10_000 }).toEqual([]);
    await expect(doctor.locator('.vc-list__meta', { hasText: 'Removed' })).toBeVisible();
    console.log(`removal: the patient was out of the call ${outAfterMs} ms after the click`);
    expect(outAfterMs).toBeLessThan(15_000);

    // "Rejoin" opens the call again with the video token the page still holds (valid for minutes): the stand-in
    // lets it in, and the clinician's page kicks it out again.
    expect(callPagesOpened).toBe(0);
    await me.getByRole('button', { name: 'Rejoin' }).click();
    await expect.poll(() => callPagesOpened, { timeout: 15_000 }).toBe(1);
    await expect(me.getByRole('heading', { name: 'You left the call' })).toBeVisible({
      timeout: 20_000,
    });
    await expect(me.locator('.vc-video iframe')).toHaveCount(0);
    await expect.poll(() => peersOf(doctor), { timeout: 10_000 }).toEqual([]);

    // The server is heard again: the page says they were removed, in plain words, and offers no way back in.
    await me.unroute('**/join/api/status');
    await expect(me.getByRole('heading', { name: 'You cannot join this visit' })).toBeVisible({
      timeout: 15_000,
    });
    await expect(me.getByText('The clinic closed your access to this visit.')).toBeVisible();
    await expect(me.getByRole('button', { name: 'Rejoin' })).toHaveCount(0);

    // Opening the link again is refused: the same message, no call.
    await me.goto(session.link);
    await expect(me.getByRole('heading', { name: 'You cannot join this visit' })).toBeVisible({
      timeout: 15_000,
    });
    await expect(me.locator('.vc-video iframe')).toHaveCount(0);
    expect(callPagesOpened).toBe(1);
  } finally {
    await visit.close();
  }
});
