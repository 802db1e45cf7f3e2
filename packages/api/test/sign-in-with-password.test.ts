import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createArgon2PasswordVerifier, hashPassword } from '../src/auth/argon2-password.adapter';
import type { PasswordVerifier } from '../src/auth/password-verifier.port';
import type { SignInUserRecord } from '../src/auth/sign-in-directory.port';
import { GENERIC_SIGN_IN_ERROR } from '../src/auth/sign-in-policy';
import { signInWithPassword } from '../src/auth/sign-in-with-password';
import { createFakeDirectory } from './fake-sign-in-directory';

let clinician: SignInUserRecord;
beforeAll(async () => {
  clinician = {
    id: 'usr_1',
    email: 'clinician@demo.test',
    name: 'Dr Demo',
    passwordHash: await hashPassword('correct horse'),
    memberships: [
      { tenantId: 'tnt_a', tenantName: 'Clinic A', role: 'clinician' },
      { tenantId: 'tnt_b', tenantName: 'Clinic B', role: 'patient' },
      { tenantId: 'tnt_a', tenantName: 'Clinic A', role: 'tenant_admin' },
    ],
  };
});

function setup(users = [clinician], passwords: PasswordVerifier = createArgon2PasswordVerifier()) {
  let clock = new Date('2030-01-01T10:00:00Z');
  const now = () => clock;
  const fake = createFakeDirectory(users, now);
  const deps = { directory: fake.directory, passwords, now };
  return {
    ...fake,
    signIn: (email: string, password: string, clientAddress = '203.0.113.5') =>
      signInWithPassword(deps, { email, password, clientAddress }),
    advance: (ms: number) => {
      clock = new Date(clock.getTime() + ms);
    },
  };
}

const MIN = 60_000;

describe('signInWithPassword', () => {
  it('signs in with the right password, in the first tenant, with all its roles', async () => {
    const { signIn } = setup();
    const result = await signIn('  Clinician@Demo.test ', 'correct horse');
    expect(result).toEqual({
      ok: true,
      user: {
        id: 'usr_1',
        email: 'clinician@demo.test',
        name: 'Dr Demo',
        tenantId: 'tnt_a',
        tenantName: 'Clinic A',
        roles: ['clinician', 'tenant_admin'],
      },
    });
  });

  it('gives the same generic message for a wrong password and an unknown account', async () => {
    const { signIn } = setup();
    const wrong = await signIn('clinician@demo.test', 'nope');
    const unknown = await signIn('nobody@demo.test', 'nope');
    expect(wrong).toEqual({
      ok: false,
      reason: 'invalid_credentials',
      message: GENERIC_SIGN_IN_ERROR,
    });
    expect(unknown).toEqual({
      ok: false,
      reason: 'invalid_credentials',
      message: GENERIC_SIGN_IN_ERROR,
    });
    expect(GENERIC_SIGN_IN_ERROR).toBe('Email or password is incorrect');
  });

  it('runs a dummy verify when the account does not exist (timing)', async () => {
    const passwords = { verify: vi.fn(async () => false), verifyDummy: vi.fn(async () => {}) };
    const { signIn } = setup([clinician], passwords);
    await signIn('nobody@demo.test', 'whatever');
    expect(passwords.verifyDummy).toHaveBeenCalledOnce();
    expect(passwords.verify).not.toHaveBeenCalled();
  });

  it('refuses the account after 5 failures in 15 minutes, even with the right password', async () => {
    const { signIn, advance } = setup();
    for (let i = 0; i < 5; i++) {
      expect(await signIn('clinician@demo.test', 'wrong', `198.51.100.${i}`)).toMatchObject({
        reason: 'invalid_credentials',
      });
      advance(MIN);
    }
    const refused = await signIn('clinician@demo.test', 'correct horse', '192.0.2.99');
    expect(refused).toEqual({ ok: false, reason: 'rate_limited', message: GENERIC_SIGN_IN_ERROR });

    // The window slides: 15 minutes after the first failure it drops out of the count.
    advance(11 * MIN);
    expect(await signIn('clinician@demo.test', 'correct horse')).toMatchObject({ ok: true });
  });

  it('refuses a client address after 20 failures across accounts', async () => {
    const { signIn } = setup();
    for (let i = 0; i < 20; i++) {
      await signIn(`user${i}@demo.test`, 'wrong', '203.0.113.7');
    }
    expect(await signIn('clinician@demo.test', 'correct horse', '203.0.113.7')).toMatchObject({
      ok: false,
      reason: 'rate_limited',
      message: GENERIC_SIGN_IN_ERROR,
    });
    expect(await signIn('clinician@demo.test', 'correct horse', '203.0.113.8')).toMatchObject({
      ok: true,
    });
  });

  it('records failures against both the account and the address', async () => {
    const { signIn, attempts } = setup();
    await signIn('clinician@demo.test', 'wrong', '203.0.113.9');
    expect(attempts.map((a) => [a.key, a.succeeded])).toEqual([
      ['account:clinician@demo.test', false],
      ['ip:203.0.113.9', false],
    ]);
  });

  it('refuses a user with no tenant membership with the same message', async () => {
    const orphan = { ...clinician, id: 'usr_2', email: 'orphan@demo.test', memberships: [] };
    const { signIn } = setup([orphan]);
    expect(await signIn('orphan@demo.test', 'correct horse')).toEqual({
      ok: false,
      reason: 'no_membership',
      message: GENERIC_SIGN_IN_ERROR,
    });
  });
});
