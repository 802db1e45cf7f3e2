import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { useTestDatabases } from './support/databases';
import { createFixtureDatabase } from './support/fixture-database';
import { createTenant } from './support/fixtures';

describe('the secret rotation store (one tenant transaction per tenant)', () => {
  const { admin } = useTestDatabases();
  // The rotation runs as the migrating role (here the test database's superuser).
  const owner = createFixtureDatabase({ url: inject('adminUrl'), maxConnections: 2 });
  let tenant: string;
  afterAll(() => owner.close());

  const envelopes = async () =>
    (
      await admin.query<Record<string, string | null>>(
        `SELECT jitsi_jwt_secret_encrypted, zoom_api_key_encrypted FROM tenant_virtual_care_config
          WHERE tenant_id = $1`,
        [tenant],
      )
    ).rows[0];

  beforeAll(async () => {
    tenant = await createTenant(admin);
    await admin.query(
      `INSERT INTO tenant_virtual_care_config (tenant_id, jitsi_jwt_secret_encrypted, zoom_api_key_encrypted)
       VALUES ($1, 'old:jitsi', 'new:zoom')`,
      [tenant],
    );
  });

  it('rewrites every envelope through the rewrap, counting what moved', async () => {
    expect(await owner.secretRotation.tenantIds()).toContain(tenant);
    const moveToNew = (envelope: string) => Promise.resolve(envelope.replace(/^old:/, 'new:'));
    expect(await owner.secretRotation.rewrapTenant(tenant, moveToNew)).toEqual({
      rewrapped: 1,
      current: 1,
    });
    expect(await envelopes()).toEqual({
      jitsi_jwt_secret_encrypted: 'new:jitsi',
      zoom_api_key_encrypted: 'new:zoom',
    });
  });

  it('writes nothing when one envelope fails, and answers null for a tenant without config', async () => {
    await expect(
      owner.secretRotation.rewrapTenant(tenant, (envelope) =>
        envelope.includes('zoom')
          ? Promise.reject(new Error('unknown master key'))
          : Promise.resolve('changed'),
      ),
    ).rejects.toThrow('unknown master key');
    expect(await envelopes()).toMatchObject({ jitsi_jwt_secret_encrypted: 'new:jitsi' });
    const bare = await createTenant(admin);
    expect(await owner.secretRotation.rewrapTenant(bare, () => Promise.resolve('x'))).toBeNull();
  });
});
