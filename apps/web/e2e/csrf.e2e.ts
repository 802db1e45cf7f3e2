import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from './support/test';
import { clinicianPage } from './support/pages';
import { startedProduct } from './support/product';

const SESSIONS = '/api/v1/virtual-care/sessions';

/**
 * Another site's page: a form that posts a new session to the product as soon as it loads. Served on the product's
 * own host name at another port, so it is a sibling site: the clinician's SameSite=Lax cookie still goes along.
 */
function attackerPage(target: string): string {
  const body = JSON.stringify({ patientId: 'x', scheduledStart: new Date().toISOString(), _: '' });
  // text/plain sends `name=value`: the name is the JSON up to its last quote, the value closes it.
  const name = body.slice(0, -2);
  return `<!doctype html><html><body>
<form id="f" method="post" enctype="text/plain" action="${target}">
<input type="hidden" name='${name}' value='"}'>
</form>
<script>document.getElementById('f').submit();</script>
</body></html>`;
}

async function serveOn(
  hostname: string,
  html: string,
): Promise<{ server: Server; origin: string }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, resolve));
  return { server, origin: `http://${hostname}:${(server.address() as AddressInfo).port}` };
}

test("another site's form cannot change anything with the clinician's cookie; the app's own pages still can", async ({
  browser,
}) => {
  const product = new URL(startedProduct().baseUrl);
  const { context, page } = await clinicianPage(browser);
  const { server, origin } = await serveOn(
    product.hostname,
    attackerPage(`${product.origin}${SESSIONS}`),
  );
  try {
    const posted = page.waitForResponse(
      (response) => response.url().endsWith(SESSIONS) && response.request().method() === 'POST',
    );
    await page.goto(origin);
    const refused = await posted;
    expect(refused.request().headers().origin).toBe(origin);
    expect(refused.status()).toBe(403);
    expect(await refused.json()).toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining('another site is refused'),
    });
    await expect(page.locator('body')).toContainText('FORBIDDEN');

    // The clinician's own page, same cookie: the browser sends its Origin, the request gets past the check and is
    // answered on its merits (an empty body: VALIDATION_FAILED, nothing created).
    await page.goto('/clinician');
    const own = await page.evaluate(async (path) => {
      const response = await fetch(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      return { status: response.status, body: (await response.json()) as { code: string } };
    }, SESSIONS);
    expect(own).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
  } finally {
    server.close();
    await context.close();
  }
});

test("a change on the patient's join cookie from another origin is refused before any join route runs", async ({
  request,
}) => {
  const refused = await request.post('/join/api/enter', {
    headers: { cookie: 'vc_join=any', origin: 'https://evil.example' },
  });
  expect(refused.status()).toBe(403);
  expect(await refused.json()).toMatchObject({ code: 'FORBIDDEN' });
  // From the app's own origin the same request reaches the route, which answers on the token itself.
  const own = await request.post('/join/api/enter', {
    headers: { cookie: 'vc_join=any', origin: new URL(startedProduct().baseUrl).origin },
  });
  expect(own.status()).not.toBe(403);
});
