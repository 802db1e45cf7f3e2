import { requireVirtualCareLicence } from '@virtual-care/domain';
import { roleProcedure } from '../../edge/trpc';
import type { Role } from '../../auth/role';
import { servicesOf } from '../../edge/procedures';

/** Callers of one role, in a tenant licensed for virtual care (consents belong to the module: MODULE_NOT_LICENSED otherwise). */
function licensedProcedure(role: Role) {
  return roleProcedure(role).use(async ({ ctx, next }) => {
    const services = servicesOf(ctx);
    await requireVirtualCareLicence(services.deps, ctx.tenantId);
    return next({ ctx: { services } });
  });
}

export const consentPatientProcedure = licensedProcedure('patient');
export const consentClinicianProcedure = licensedProcedure('clinician');
