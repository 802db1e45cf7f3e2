import type { Role } from '../auth/role';
import { servicesFor } from '../composition/services.registry';
import { publicProcedure, roleProcedure } from '../trpc';

/** Callers of one role in their own tenant, with the process's services (or the handler's own). */
export function servicesProcedure(role: Role) {
  return roleProcedure(role).use(({ ctx, next }) => next({ ctx: { services: servicesFor(ctx) } }));
}

export const clinicianProcedure = servicesProcedure('clinician');

/** No sign-in: the join token in the input is the credential (verified before any database query). */
export const joinTokenProcedure = publicProcedure.use(({ ctx, next }) =>
  next({ ctx: { services: servicesFor(ctx) } }),
);
