import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { createContext, type SessionClaims } from '../src/edge/context';
import { appRouter } from '../src/edge/app.router';
import { createCallerFactory, roleProcedure, router } from '../src/edge/trpc';

// A throwaway router exercising each guard, so the test does not depend on real procedures.
const guardedRouter = router({
  clinicianOnly: roleProcedure('clinician').query(({ ctx }) => ctx.user.id),
  adminOrClinician: roleProcedure('tenant_admin', 'clinician').query(() => 'ok'),
  app: appRouter,
});
const createCaller = createCallerFactory(guardedRouter);

const session = (roles: string[]): SessionClaims => ({
  user: { id: 'usr_1', email: 'c@example.test', name: 'Dr C' },
  tenantId: 'tnt_1',
  tenantName: 'Demo Clinic',
  roles,
});

async function errorOf(promise: Promise<unknown>): Promise<TRPCError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('tRPC guards', () => {
  it('refuses a caller without a session with 401 UNAUTHORIZED', async () => {
    const caller = createCaller(createContext(null));
    const error = await errorOf(caller.clinicianOnly());
    expect(error.code).toBe('UNAUTHORIZED');
    expect((await errorOf(caller.app.me())).code).toBe('UNAUTHORIZED');
  });

  it('refuses a signed-in caller with the wrong role with 403 FORBIDDEN', async () => {
    const caller = createCaller(createContext(session(['patient'])));
    expect((await errorOf(caller.clinicianOnly())).code).toBe('FORBIDDEN');
    expect((await errorOf(caller.adminOrClinician())).code).toBe('FORBIDDEN');
  });

  it('lets the right role through', async () => {
    const caller = createCaller(createContext(session(['clinician'])));
    await expect(caller.clinicianOnly()).resolves.toBe('usr_1');
    await expect(caller.adminOrClinician()).resolves.toBe('ok');
  });

  it('never grants an unknown role string from the token', async () => {
    const caller = createCaller(createContext(session(['superuser'])));
    expect((await errorOf(caller.adminOrClinician())).code).toBe('FORBIDDEN');
  });

  it('answers me with user, tenant and roles, and health without a session', async () => {
    const caller = createCaller(createContext(session(['clinician', 'tenant_admin'])));
    await expect(caller.app.me()).resolves.toEqual({
      user: { id: 'usr_1', email: 'c@example.test', name: 'Dr C' },
      tenant: { id: 'tnt_1', name: 'Demo Clinic' },
      roles: ['clinician', 'tenant_admin'],
    });
    await expect(createCaller(createContext(null)).app.health()).resolves.toEqual({ status: 'ok' });
  });
});
