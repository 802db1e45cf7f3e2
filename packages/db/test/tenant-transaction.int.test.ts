import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createTenantPool, inTenantTransaction } from '../src/sql/tenant-transaction';
import { createTenant } from './support/fixtures';
import { useTestDatabases } from './support/databases';

describe('the tenant transaction (the one way tenant-scoped SQL runs)', () => {
  const { admin } = useTestDatabases();
  // One connection, so every statement below meets the connection the transaction used.
  const pool = createTenantPool(inject('appUrl'), 1);
  afterAll(() => pool.end());

  const setting = async (name: string) =>
    (await pool.query<{ v: string | null }>('SELECT current_setting($1, true) AS v', [name]))
      .rows[0]?.v ?? '';

  it('sets the tenant and patient for the transaction alone', async () => {
    const tenantId = await createTenant(admin);
    const patientId = randomUUID();
    const seen = await inTenantTransaction(
      pool,
      { tenantId, patientId },
      'READ ONLY',
      async (c) => {
        const { rows } = await c.query<{ t: string; p: string }>(
          "SELECT current_setting('app.tenant_id') AS t, current_setting('app.patient_id') AS p",
        );
        return rows[0];
      },
    );
    expect(seen).toEqual({ t: tenantId, p: patientId });
    expect(await setting('app.tenant_id')).toBe('');
    expect(await setting('app.patient_id')).toBe('');
  });

  it('rolls back when the work fails, and the connection serves the next caller', async () => {
    const tenantId = await createTenant(admin);
    const id = randomUUID();
    await expect(
      inTenantTransaction(pool, { tenantId }, 'READ WRITE', async (c) => {
        await c.query('INSERT INTO patients (id, tenant_id, display_name) VALUES ($1, $2, $3)', [
          id,
          tenantId,
          'Rolled Back',
        ]);
        throw new Error('work failed');
      }),
    ).rejects.toThrow('work failed');
    const { rows } = await admin.query('SELECT 1 FROM patients WHERE id = $1', [id]);
    expect(rows).toHaveLength(0);
    expect(await setting('app.tenant_id')).toBe('');
  });

  it('refuses an id that is not a UUID before any SQL runs', async () => {
    const hostile = "x', false); SELECT set_config('app.tenant_id', 'y";
    await expect(
      inTenantTransaction(pool, { tenantId: hostile }, 'READ ONLY', () => Promise.resolve(1)),
    ).rejects.toThrow(/tenantId must be a UUID/);
    await expect(
      inTenantTransaction(pool, { tenantId: randomUUID(), patientId: 'nope' }, 'READ ONLY', () =>
        Promise.resolve(1),
      ),
    ).rejects.toThrow(/patientId must be a UUID/);
  });
});
