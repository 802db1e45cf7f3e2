import { describe, expect, it } from 'vitest';
import { signInWithIdentityProvider } from '../src/auth/sign-in-with-identity-provider';
import { createFakeDirectory } from './fake-sign-in-directory';

const { directory } = createFakeDirectory(
  [
    {
      id: 'usr_9',
      email: 'admin@clinic.test',
      name: 'Admin',
      passwordHash: null,
      memberships: [{ tenantId: 'tnt_a', tenantName: 'Clinic A', role: 'tenant_admin' }],
    },
  ],
  () => new Date(),
);

describe('signInWithIdentityProvider', () => {
  it('admits a known user by verified email, with their tenant roles', async () => {
    expect(
      await signInWithIdentityProvider(directory, {
        email: 'Admin@Clinic.test',
        emailVerified: true,
      }),
    ).toMatchObject({ id: 'usr_9', tenantId: 'tnt_a', roles: ['tenant_admin'] });
  });

  it('refuses unknown emails, and known ones the provider has not verified (false or absent)', async () => {
    expect(
      await signInWithIdentityProvider(directory, { email: 'x@clinic.test', emailVerified: true }),
    ).toBeNull();
    expect(
      await signInWithIdentityProvider(directory, {
        email: 'admin@clinic.test',
        emailVerified: false,
      }),
    ).toBeNull();
    expect(
      await signInWithIdentityProvider(directory, {
        email: 'admin@clinic.test',
        emailVerified: undefined,
      }),
    ).toBeNull();
  });
});
