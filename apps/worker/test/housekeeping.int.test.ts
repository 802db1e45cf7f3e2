import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runHousekeepingPass } from '../src/housekeeping.job';
import { createTenant, silentLog, useTestContext } from './support/fixtures';

const ctx = useTestContext();
const ago = (seconds: number) => new Date(Date.now() - seconds * 1000);
const HOUR = 3600;
const DAY = 86_400;

async function idempotencyKey(tenantId: string, key: string, createdAt: Date) {
  await ctx.admin.query(
    `INSERT INTO idempotency_keys (tenant_id, key, request_hash, status_code, response, created_at)
     VALUES ($1, $2, 'hash', 201, '{}', $3)`,
    [tenantId, key, createdAt],
  );
}

async function signInAttempt(key: string, attemptedAt: Date) {
  await ctx.admin.query(
    'INSERT INTO sign_in_attempts (key, attempted_at, succeeded) VALUES ($1, $2, FALSE)',
    [key, attemptedAt],
  );
}

async function inboxRow(eventId: string, processedAt: Date) {
  await ctx.admin.query(
    `INSERT INTO virtual_care_inbox (event_id, event_type, processed_at) VALUES ($1, 'appointment.booked', $2)`,
    [eventId, processedAt],
  );
}

async function left(sql: string, values: unknown[]): Promise<string[]> {
  const { rows } = await ctx.admin.query<{ id: string }>(sql, values);
  return rows.map((r) => r.id).sort();
}

describe('housekeeping', () => {
  it('deletes expired idempotency keys of every tenant, sign-in attempts past the throttle window and old inbox rows, and keeps the rest', async () => {
    const [a, b] = [await createTenant(ctx.admin), await createTenant(ctx.admin)];
    await idempotencyKey(a, 'expired-a', ago(25 * HOUR));
    await idempotencyKey(b, 'expired-b', ago(25 * HOUR));
    await idempotencyKey(a, 'fresh-a', ago(23 * HOUR));
    const account = `account:${randomUUID()}@example.test`;
    await signInAttempt(account, ago(16 * 60));
    await signInAttempt(account, ago(14 * 60));
    const tag = randomUUID();
    await inboxRow(`old-${tag}`, ago(15 * DAY));
    await inboxRow(`recent-${tag}`, ago(13 * DAY));

    const counts = await runHousekeepingPass(
      { housekeeping: ctx.db.housekeeping, log: silentLog },
      14,
    );

    expect(counts.idempotencyKeys).toBeGreaterThanOrEqual(2);
    expect(counts.signInAttempts).toBeGreaterThanOrEqual(1);
    expect(counts.inbox).toBeGreaterThanOrEqual(1);
    expect(
      await left('SELECT key AS id FROM idempotency_keys WHERE tenant_id = ANY($1::uuid[])', [
        [a, b],
      ]),
    ).toEqual(['fresh-a']);
    // The throttle still counts the recent failure, so a locked-out account stays locked out.
    expect(
      await left(
        `SELECT CASE WHEN attempted_at > NOW() - interval '15 minutes' THEN 'recent' ELSE 'old' END AS id
           FROM sign_in_attempts WHERE key = $1`,
        [account],
      ),
    ).toEqual(['recent']);
    expect(
      await left('SELECT event_id AS id FROM virtual_care_inbox WHERE event_id LIKE $1', [
        `%-${tag}`,
      ]),
    ).toEqual([`recent-${tag}`]);
  });

  it('deletes rate-limit counters an hour after their window ended, and keeps the live ones (decision 0035)', async () => {
    const tag = randomUUID();
    const endedAt = (secondsFromNow: number) => Date.now() + secondsFromNow * 1000;
    await ctx.admin.query(
      'INSERT INTO rate_limit_counters (key, points, expire) VALUES ($1, 7, $2), ($3, 3, $4), ($5, 1, $6)',
      [
        `address:old-${tag}`,
        endedAt(-2 * HOUR),
        `address:just-ended-${tag}`,
        endedAt(-60),
        `client:live-${tag}`,
        endedAt(600),
      ],
    );

    const counts = await runHousekeepingPass(
      { housekeeping: ctx.db.housekeeping, log: silentLog },
      14,
    );

    expect(counts.rateLimitCounters).toBeGreaterThanOrEqual(1);
    expect(
      await left('SELECT key AS id FROM rate_limit_counters WHERE key LIKE $1', [`%-${tag}`]),
    ).toEqual([`address:just-ended-${tag}`, `client:live-${tag}`]);
  });

  it('deletes in batches until nothing expired is left', async () => {
    const tenantId = await createTenant(ctx.admin);
    await ctx.admin.query(
      `INSERT INTO idempotency_keys (tenant_id, key, request_hash, created_at)
       SELECT $1, 'k' || n, 'hash', NOW() - interval '2 days' FROM generate_series(1, 25) AS n`,
      [tenantId],
    );
    const deleted = await ctx.db.housekeeping.pruneIdempotencyKeys(DAY, 10);
    expect(deleted).toBeGreaterThanOrEqual(25);
    const { rows } = await ctx.admin.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM idempotency_keys WHERE tenant_id = $1',
      [tenantId],
    );
    expect(rows[0]?.n).toBe(0);
  });
});
