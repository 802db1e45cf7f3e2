/* eslint-disable @typescript-eslint/no-unsafe-member-access -- black-box REST tests read untyped JSON bodies */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { rows, sessionCount } from './support/fixtures';
import { soon, useStack } from './support/stack';

const stack = useStack();

describe('Idempotency-Key claimed by a process that died (decision 0048)', () => {
  it('concurrent retries after the lease ran out -> one session, the same 201 to all, replayed after', async () => {
    const t = await stack.tenant();
    const body = { patientId: t.patientId, scheduledStart: soon() };
    const post = (key: string) =>
      stack.main.call('POST', '/sessions', {
        token: t.token,
        body,
        headers: { 'idempotency-key': key },
      });
    // A finished create tells the request's fingerprint; the dead process's claim carries the same one, three
    // minutes old and without a reply, as a kill -9 between claim and reply leaves it.
    const earlier = await post(`key-${randomUUID()}`);
    expect(earlier.status).toBe(201);
    const key = `key-${randomUUID()}`;
    await rows(
      stack.admin,
      `INSERT INTO idempotency_keys (tenant_id, key, request_hash, claimed_at)
       SELECT tenant_id, $2, request_hash, now() - interval '3 minutes' FROM idempotency_keys
        WHERE tenant_id = $1 AND status_code = 201`,
      [t.tenantId, key],
    );

    const retries = await Promise.all(Array.from({ length: 10 }, () => post(key)));
    expect(retries.map((r) => r.status)).toEqual(Array(10).fill(201));
    for (const r of retries) expect(r.body).toEqual(retries[0]!.body);
    expect(retries[0]!.body.id).not.toBe(earlier.body.id);
    expect(await sessionCount(stack.admin, t.tenantId)).toBe(2);

    const later = await post(key);
    expect(later.status).toBe(201);
    expect(later.body).toEqual(retries[0]!.body);
    expect(await sessionCount(stack.admin, t.tenantId)).toBe(2);
  });
});
