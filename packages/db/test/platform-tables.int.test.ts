import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { asTenant, useTestDatabases } from './support/databases';
import { createTenant } from './support/fixtures';

const PERMISSION_DENIED = /permission denied/;

describe('platform tables (tenants, users, tenant_memberships) as the application role', () => {
  const { admin, app } = useTestDatabases();
  let tenantId: string;
  let userId: string;
  let slug: string;

  beforeAll(async () => {
    tenantId = await createTenant(admin);
    userId = randomUUID();
    await admin.query('INSERT INTO users (id, email, name) VALUES ($1, $2, $3)', [
      userId,
      `platform-${userId}@test.local`,
      'Dr. Platform',
    ]);
    await admin.query(
      `INSERT INTO tenant_memberships (tenant_id, user_id, role) VALUES ($1, $2, 'clinician')`,
      [tenantId, userId],
    );
    slug = `test-${tenantId}`;
  });

  it('cannot create, rename or delete tenants, users or memberships', async () => {
    const attempts = [
      `INSERT INTO tenants (id, name, slug) VALUES ('${randomUUID()}', 'Rogue', 'rogue-${randomUUID()}')`,
      `UPDATE tenants SET name = 'Renamed' WHERE id = '${tenantId}'`,
      `DELETE FROM tenants WHERE id = '${tenantId}'`,
      `INSERT INTO users (id, email, name) VALUES ('${randomUUID()}', 'rogue@test.local', 'Rogue')`,
      `UPDATE users SET email = 'taken@test.local' WHERE id = '${userId}'`,
      `DELETE FROM users WHERE id = '${userId}'`,
      `INSERT INTO tenant_memberships (tenant_id, user_id, role) VALUES ('${tenantId}', '${userId}', 'tenant_admin')`,
      `UPDATE tenant_memberships SET role = 'tenant_admin' WHERE user_id = '${userId}'`,
      `DELETE FROM tenant_memberships WHERE user_id = '${userId}'`,
    ];
    for (const sql of attempts) {
      // Even inside the tenant's own transaction, where the tenant policy would admit the row.
      await expect(
        asTenant(app, tenantId, (c) => c.query(sql)),
        sql,
      ).rejects.toThrow(PERMISSION_DENIED);
    }
    const { rows } = await admin.query<{ role: string }>(
      'SELECT role FROM tenant_memberships WHERE user_id = $1',
      [userId],
    );
    expect(rows).toEqual([{ role: 'clinician' }]);
  });

  it('still signs the user in with their memberships and switches the licence', async () => {
    const user = await app.signIn.findUserForSignIn(`platform-${userId}@test.local`);
    expect(user?.memberships).toEqual([
      { tenantId, tenantName: expect.stringContaining('Test clinic') as string, role: 'clinician' },
    ]);
    expect(await app.licensing.setVirtualCare(slug, false)).toMatchObject({
      virtualCareLicensed: false,
    });
    expect(await app.licence.isVirtualCareLicensed(tenantId)).toBe(false);
  });
});
