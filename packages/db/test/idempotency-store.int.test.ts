import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabases } from './support/databases';
import { createTenant } from './support/fixtures';

describe('the Idempotency-Key store', () => {
  const { admin, app } = useTestDatabases();
  const keys = app.idempotency;
  let tenant: string;

  beforeAll(async () => {
    tenant = await createTenant(admin);
  });

  it('claims a key once; the same request then waits, and replays the stored reply', async () => {
    expect(await keys.claim(tenant, 'k-replay', 'h1')).toEqual({ kind: 'claimed' });
    expect(await keys.claim(tenant, 'k-replay', 'h1')).toEqual({ kind: 'pending' });
    await keys.complete(tenant, 'k-replay', 201, { id: 'vsn_1' });
    expect(await keys.claim(tenant, 'k-replay', 'h1')).toEqual({
      kind: 'replay',
      statusCode: 201,
      response: { id: 'vsn_1' },
    });
  });

  it('tells a key reused with another request', async () => {
    await keys.claim(tenant, 'k-reused', 'h1');
    expect(await keys.claim(tenant, 'k-reused', 'h2')).toEqual({ kind: 'reused' });
  });

  it('releases an unfinished claim only: a stored reply is never taken back', async () => {
    await keys.claim(tenant, 'k-release', 'h1');
    await keys.release(tenant, 'k-release');
    expect(await keys.claim(tenant, 'k-release', 'h1')).toEqual({ kind: 'claimed' });
    await keys.complete(tenant, 'k-release', 422, { error: 'no' });
    await keys.release(tenant, 'k-release');
    expect(await keys.claim(tenant, 'k-release', 'h1')).toMatchObject({ kind: 'replay' });
  });

  it("keeps each tenant's keys apart", async () => {
    const other = await createTenant(admin);
    await keys.claim(tenant, 'k-shared', 'h1');
    expect(await keys.claim(other, 'k-shared', 'h2')).toEqual({ kind: 'claimed' });
    await keys.release(other, 'k-shared');
    expect(await keys.claim(tenant, 'k-shared', 'h1')).toEqual({ kind: 'pending' });
  });
});
