import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { useTestDatabases } from './support/databases';
import { createFixtureDatabase } from './support/fixture-database';
import { createTenant, createdEvent, sessionFor } from './support/fixtures';

describe("the worker's stores (worker role, across tenants)", () => {
  const { admin, app } = useTestDatabases();
  const worker = createFixtureDatabase({ url: inject('workerUrl'), maxConnections: 2 });
  let tenant: string;
  afterAll(() => worker.close());

  beforeAll(async () => {
    tenant = await createTenant(admin);
  });

  const unpublished = async (aggregateId: string) =>
    (
      await admin.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM virtual_care_outbox WHERE aggregate_id = $1 AND NOT published',
        [aggregateId],
      )
    ).rows[0]?.n;

  it('a relay batch whose publishing fails marks nothing: the rows wait for the next batch', async () => {
    const session = sessionFor(tenant);
    await app.unitOfWork.run(tenant, (s) => s.outbox.append([createdEvent(session)]));
    let claimedMine = false;
    await expect(
      // Every waiting row (other tests' too): this batch commits nothing, so it disturbs none of them.
      worker.outbox.relayBatch(100_000, (rows) => {
        claimedMine = rows.some((r) => r.aggregateId === session.id && r.tenantId === tenant);
        return Promise.reject(new Error('NATS is down'));
      }),
    ).rejects.toThrow('NATS is down');
    expect(claimedMine).toBe(true);
    expect(await unpublished(session.id)).toBe(1);
    expect((await worker.outbox.lag()).unpublished).toBeGreaterThanOrEqual(1);
  });

  it('prunes published rows older than the retention, and only those', async () => {
    const [old, recent] = [sessionFor(tenant), sessionFor(tenant)];
    await app.unitOfWork.run(tenant, (s) =>
      s.outbox.append([createdEvent(old), createdEvent(recent)]),
    );
    await admin.query(
      `UPDATE virtual_care_outbox SET published = TRUE,
              published_at = CASE aggregate_id WHEN $1 THEN now() - interval '3 days' ELSE now() END
        WHERE aggregate_id IN ($1, $2)`,
      [old.id, recent.id],
    );
    expect(await worker.outbox.prune(2 * 86_400, 1)).toBeGreaterThanOrEqual(1);
    const { rows } = await admin.query<{ aggregate_id: string }>(
      'SELECT aggregate_id FROM virtual_care_outbox WHERE aggregate_id IN ($1, $2)',
      [old.id, recent.id],
    );
    expect(rows).toEqual([{ aggregate_id: recent.id }]);
  });

  it('scans find the tenants with work; the appointment look-up stays within its tenant', async () => {
    const appointmentId = randomUUID();
    const ended = sessionFor(tenant, { status: 'ended', appointmentId });
    await app.unitOfWork.run(tenant, (s) => s.sessions.insert(ended));
    const live = sessionFor(tenant);
    await app.unitOfWork.run(tenant, (s) => s.sessions.insert(live));

    expect(await worker.scans.tenantsWithPendingEncounters()).toContainEqual({
      tenantId: tenant,
      pending: 1,
    });
    expect(await worker.scans.tenantsWithLiveSessions()).toContain(tenant);
    expect(await worker.scans.sessionIdForAppointment(tenant, appointmentId)).toBe(ended.id);
    const other = await createTenant(admin);
    expect(await worker.scans.sessionIdForAppointment(other, appointmentId)).toBeNull();
  });

  it('the inbox records an event once', async () => {
    const eventId = `evt-${randomUUID()}`;
    expect(await worker.inbox.has(eventId)).toBe(false);
    expect(await worker.inbox.record(eventId, 'scheduling.appointment.booked.v1')).toBe(true);
    expect(await worker.inbox.record(eventId, 'scheduling.appointment.booked.v1')).toBe(false);
    expect(await worker.inbox.has(eventId)).toBe(true);
  });
});
