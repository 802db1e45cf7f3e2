import { describe, expect, inject, it } from 'vitest';
import { verifyPassword } from '../src/platform/password';
import { DEMO_TENANT_ID, HERAT_TENANT_ID, seedDemo } from '../src/seed/demo-tenant';
import { useTestDatabases } from './support/databases';

describe('demo seed and platform sign-in data', () => {
  const { app } = useTestDatabases();

  it('seeds once; a second run changes nothing', async () => {
    await seedDemo({ url: inject('adminUrl') });
    expect(await seedDemo({ url: inject('adminUrl') })).toEqual({ changed: [] });
  });

  it('finds users case-insensitively, with argon2id hashes and memberships', async () => {
    await seedDemo({ url: inject('adminUrl') });
    const user = await app.signIn.findUserForSignIn('  Clinician@Demo.Virtual-Care.local ');
    expect(user).toMatchObject({
      email: 'clinician@demo.virtual-care.local',
      memberships: [
        { tenantId: DEMO_TENANT_ID, tenantName: 'Kabul Family Clinic', role: 'clinician' },
      ],
    });
    expect(user?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(user?.passwordHash ?? '', 'demo-clinician')).toBe(true);
    expect(await verifyPassword(user?.passwordHash ?? '', 'wrong')).toBe(false);
    expect(await app.signIn.findUserForSignIn('nobody@demo.virtual-care.local')).toBeNull();
  });

  it('knows the licence and the demo patients with their consents', async () => {
    await seedDemo({ url: inject('adminUrl') });
    expect(await app.licence.isVirtualCareLicensed(DEMO_TENANT_ID)).toBe(true);
    expect(await app.licence.isVirtualCareLicensed(HERAT_TENANT_ID)).toBe(false);
    // One connection per unit of work: its statements run one after another.
    const seen = await app.unitOfWork.run(DEMO_TENANT_ID, async (s) => {
      const rows: (string | null)[][] = [];
      for (const p of await s.patients.list()) {
        const telehealth = await s.consents.latest(p.id, 'telehealth');
        const recording = await s.consents.latest(p.id, 'recording');
        rows.push([p.displayName, telehealth?.decision ?? null, recording?.decision ?? null]);
      }
      return rows;
    });
    expect(seen).toEqual([
      ['Farid Karimi', 'granted', null],
      ['Mariam Ahmadi', 'granted', 'granted'],
      ['Zahra Noori', null, null],
    ]);
    const config = await app.unitOfWork.run(DEMO_TENANT_ID, (s) =>
      s.tenantConfigs.get(DEMO_TENANT_ID),
    );
    expect(config).toMatchObject({
      defaultVideoBackend: 'jitsi',
      roomSlugPrefix: 'kfc',
      brandingPrimaryColor: '#0f766e',
    });
  });

  it('counts recent sign-in failures per key', async () => {
    const key = `account:${crypto.randomUUID()}@example.test`;
    const before = new Date(Date.now() - 1000);
    await app.signIn.recordSignInAttempt(key, false);
    await app.signIn.recordSignInAttempt(key, false);
    await app.signIn.recordSignInAttempt(key, true);
    expect(await app.signIn.countRecentSignInFailures(key, before)).toBe(2);
    expect(await app.signIn.countRecentSignInFailures(key, new Date(Date.now() + 60_000))).toBe(0);
  });
});
