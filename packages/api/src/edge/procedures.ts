import { TRPCError } from '@trpc/server';
import type { Role } from '../auth/role';
import type { Context } from './context';
import type { ApiServices } from '../composition/services';
import { publicProcedure, roleProcedure } from './trpc';
import { isRefusedAsNotOurs } from './rate-limit/join-token-guard';

/** The call's services; a context built without them is a wiring fault of the app, answered 500 and logged. */
export function servicesOf(ctx: Context): ApiServices {
  if (ctx.services) return ctx.services;
  throw new TRPCError({
    code: 'INTERNAL_SERVER_ERROR',
    message: 'No services in the request context: pass them to createContext',
  });
}

/** Callers holding one of `roles` in their own tenant, with the process's services. */
export function servicesProcedure(...roles: [Role, ...Role[]]) {
  return roleProcedure(...roles).use(({ ctx, next }) =>
    next({ ctx: { services: servicesOf(ctx) } }),
  );
}

export const clinicianProcedure = servicesProcedure('clinician');

/**
 * No sign-in: the join token in the input is the credential (verified before any database query). A token refused
 * as not ours counts against the caller's address (decision 0035).
 */
export const joinTokenProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const services = servicesOf(ctx);
  const result = await next({ ctx: { services } });
  if (!result.ok && isRefusedAsNotOurs(result.error))
    await services.rateLimits.joinTokenRefused(ctx.clientAddress);
  return result;
});
