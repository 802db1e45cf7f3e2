import { servicesFor } from '../composition/services.registry';
import { publicProcedure, roleProcedure } from '../trpc';

/** Clinicians of the caller's tenant, with the process's services (or the handler's own). */
export const clinicianProcedure = roleProcedure('clinician').use(({ ctx, next }) =>
  next({ ctx: { services: servicesFor(ctx) } }),
);

/** No sign-in: the join token in the input is the credential (verified before any database query). */
export const joinTokenProcedure = publicProcedure.use(({ ctx, next }) =>
  next({ ctx: { services: servicesFor(ctx) } }),
);
