import { protectedProcedure } from '../../edge/trpc';
import { meOutputSchema } from './me.schema';

/** Who am I: the signed-in user, the tenant they act in, their roles there. */
export const meProcedure = protectedProcedure.output(meOutputSchema).query(({ ctx }) => ({
  user: ctx.user,
  tenant: { id: ctx.tenantId, name: ctx.tenantName },
  roles: ctx.roles,
}));
