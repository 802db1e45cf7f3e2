import { expect, test, type Page } from './support/test';
import { expectTwoWayCall, FAKE_MEDIA } from './support/pages';
import { visitUnderWay } from './support/visit';

/**
 * The Content-Security-Policy as the patient and clinician live it (decision 0041): a whole video visit runs
 * under it with live picture and sound on both sides and not one violation (every e2e test fails on any, see
 * support/test.ts), each page's scripts carry that response's own nonce, the one outside origin the pages frame
 * is the tenant's video server, and markup injected into the page cannot run its script.
 */

test.use({ launchOptions: FAKE_MEDIA });

function directivesOf(policy: string | undefined): Map<string, string[]> {
  expect(policy, 'the page has a Content-Security-Policy').toBeTruthy();
  return new Map(
    policy!.split('; ').map((directive) => {
      const [name, ...values] = directive.split(' ');
      return [name!, values];
    }),
  );
}

/** The nonces of the page's scripts (those its scripts loaded later have none, nor need one: 'strict-dynamic'). */
const scriptNonces = async (page: Page) =>
  (await page.evaluate(() => [...document.scripts].map((script) => script.nonce))).filter(Boolean);

/** Every script tag of an HTML document, and those carrying the given nonce. */
function scriptTags(html: string, nonce: string) {
  const tags = html.match(/<script\b[^>]*>/g) ?? [];
  return {
    all: tags.length,
    nonced: tags.filter((tag) => tag.includes(`nonce="${nonce}"`)).length,
  };
}

test('a whole visit runs under the policy: live call, nonced scripts, the video server alone framed', async ({
  browser,
  cspViolations,
}) => {
  const visit = await visitUnderWay(browser);
  try {
    await expectTwoWayCall(visit.me, 'Dr. Nadia Rahimi', 'the patient');
    await expectTwoWayCall(visit.doctor, 'Mariam Ahmadi', 'the clinician');

    for (const [label, page] of [
      ['the patient', visit.me],
      ['the clinician', visit.doctor],
    ] as const) {
      // The video server as this page frames it (the tenant's configured origin).
      const videoOrigin = new URL((await page.locator('.vc-video iframe').getAttribute('src'))!)
        .origin;
      const nonces = await scriptNonces(page);
      expect(nonces.length, `${label}: scripts on the page`).toBeGreaterThan(0);
      expect(new Set(nonces).size, `${label}: one nonce for every script`).toBe(1);
      // Asked again, the page comes with a policy of its own: a new nonce on every script it sends.
      const again = await page.request.get(new URL(page.url()).pathname);
      const policy = directivesOf(again.headers()['content-security-policy']);
      const nonce = /'nonce-([^']+)'/.exec(policy.get('script-src')!.join(' '))?.[1] ?? '';
      expect(nonce, label).not.toBe(nonces[0]);
      const tags = scriptTags(await again.text(), nonce);
      expect(tags.all, label).toBeGreaterThan(0);
      expect(tags.nonced, `${label}: every script tag carries the nonce`).toBe(tags.all);
      expect(policy.get('script-src'), label).toContain("'strict-dynamic'");
      expect(policy.get('frame-src'), label).toEqual([videoOrigin]);
      expect(policy.get('frame-ancestors'), label).toEqual(["'none'"]);
    }

    // Markup slipped into the patient's page (an injection) does not run its script; the browser reports it.
    const ran = await visit.me.evaluate(async () => {
      document.body.insertAdjacentHTML(
        'beforeend',
        '<img alt="" src="/no-such-image.png" onerror="window.injectedRan = true">',
      );
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      return (window as { injectedRan?: boolean }).injectedRan ?? false;
    });
    expect(ran).toBe(false);
    await expect.poll(() => cspViolations.length).toBe(1);
    expect(cspViolations[0]).toMatch(/inline event handler/);
    cspViolations.length = 0; // the one violation this test caused on purpose
  } finally {
    await visit.close();
  }
});

test('a page without the visit frames nothing; the async-visit page runs its script by nonce', async ({
  page,
}) => {
  const signIn = await page.goto('/signin');
  expect(directivesOf(signIn?.headers()['content-security-policy']).get('frame-src')).toEqual([
    "'none'",
  ]);
  const asyncVisit = await page.goto('/portal/async-visits');
  const policy = directivesOf(asyncVisit?.headers()['content-security-policy']);
  const [nonce] = await scriptNonces(page);
  expect(policy.get('script-src')).toContain(`'nonce-${nonce}'`);
  // The script ran: the form takes input once it is wired.
  await expect(page.getByRole('button', { name: 'Send to the clinic' })).toBeEnabled({
    timeout: 15_000,
  });
});
