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
    expect(await keys.claim(tenant, 'k-replay', 'h1')).toMatchObject({ kind: 'pending' });
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

  describe('a claim whose process died (decision 0048)', () => {
    /** Ages a pending claim as if its process had died that long ago (the clock is the database's). */
    const age = (key: string, minutes: number) =>
      admin.query(
        `UPDATE idempotency_keys SET claimed_at = claimed_at - make_interval(mins => $3)
          WHERE tenant_id = $1 AND key = $2`,
        [tenant, key, minutes],
      );

    it('is taken over by the same request once its lease ran out, which then stores the reply', async () => {
      await keys.claim(tenant, 'k-dead', 'h1');
      await age('k-dead', 3);
      expect(await keys.claim(tenant, 'k-dead', 'h1')).toEqual({ kind: 'claimed' });
      expect(await keys.claim(tenant, 'k-dead', 'h1')).toMatchObject({ kind: 'pending' });
      await keys.complete(tenant, 'k-dead', 201, { id: 'vsn_2' });
      expect(await keys.claim(tenant, 'k-dead', 'h1')).toEqual({
        kind: 'replay',
        statusCode: 201,
        response: { id: 'vsn_2' },
      });
    });

    it('is not taken over while its lease runs, and says when the lease ends', async () => {
      await keys.claim(tenant, 'k-live', 'h1');
      await age('k-live', 1);
      const claim = await keys.claim(tenant, 'k-live', 'h1');
      expect(claim).toMatchObject({ kind: 'pending' });
      const { rows } = await admin.query<{ ends: Date }>(
        `SELECT claimed_at + interval '2 minutes' AS ends FROM idempotency_keys
          WHERE tenant_id = $1 AND key = $2`,
        [tenant, 'k-live'],
      );
      expect(claim.kind === 'pending' && claim.leaseEndsAt).toEqual(rows[0]!.ends);
    });

    it('goes to exactly one of many concurrent retriers', async () => {
      await keys.claim(tenant, 'k-race', 'h1');
      await age('k-race', 3);
      const claims = await Promise.all(
        Array.from({ length: 8 }, () => keys.claim(tenant, 'k-race', 'h1')),
      );
      expect(claims.filter((c) => c.kind === 'claimed')).toHaveLength(1);
      expect(claims.filter((c) => c.kind === 'pending')).toHaveLength(7);
    });

    it('is never taken over by another request: the key stays reused', async () => {
      await keys.claim(tenant, 'k-dead-reused', 'h1');
      await age('k-dead-reused', 3);
      expect(await keys.claim(tenant, 'k-dead-reused', 'h2')).toEqual({ kind: 'reused' });
    });
  });

  it("keeps each tenant's keys apart", async () => {
    const other = await createTenant(admin);
    await keys.claim(tenant, 'k-shared', 'h1');
    expect(await keys.claim(other, 'k-shared', 'h2')).toEqual({ kind: 'claimed' });
    await keys.release(other, 'k-shared');
    expect(await keys.claim(tenant, 'k-shared', 'h1')).toMatchObject({ kind: 'pending' });
  });
});
