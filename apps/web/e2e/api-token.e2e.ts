import { expect, test } from './support/test';
import { demoToken } from './support/product';

test('a bearer token from `pnpm -s api-token` works on the REST and tRPC faces alike', async ({
  request,
}) => {
  const token = demoToken('clinician@demo.virtual-care.local');
  const headers = { authorization: `Bearer ${token}` };

  const rest = await request.get('/api/v1/virtual-care/patients', { headers });
  expect(rest.status()).toBe(200);
  expect(((await rest.json()) as { items: unknown[] }).items.length).toBeGreaterThan(0);

  const trpc = await request.get('/api/trpc/me', { headers });
  expect(trpc.status()).toBe(200);
  expect(JSON.stringify(await trpc.json())).toContain('clinician@demo.virtual-care.local');
});

test('a tampered bearer token is refused, never replaced by a cookie', async ({ request }) => {
  const token = demoToken('clinician@demo.virtual-care.local');
  const tampered = `${token.slice(0, -4)}AAAA`;
  const rest = await request.get('/api/v1/virtual-care/patients', {
    headers: { authorization: `Bearer ${tampered}` },
  });
  expect(rest.status()).toBe(401);
  expect(await rest.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
  const trpc = await request.get('/api/trpc/me', {
    headers: { authorization: `Bearer ${tampered}` },
  });
  expect(JSON.stringify(await trpc.json())).not.toContain('clinician@demo.virtual-care.local');
});
