import { updateConfigInputSchema, updateConfigOutputSchema } from './config.schema';
import { writeConfig } from './tenant-config';
import { tenantAdminProcedure } from './config-admin.procedure';

export const configUpdateProcedure = tenantAdminProcedure
  .meta({
    openapi: {
      method: 'PUT',
      path: '/config',
      tags: ['config'],
      protect: true,
      summary:
        'Update the configuration (credentials write-only; expectedVersion guards against concurrent edits: 409 OPTIMISTIC_LOCK_CONFLICT)',
    },
  })
  .input(updateConfigInputSchema)
  .output(updateConfigOutputSchema)
  .mutation(({ ctx, input }) =>
    writeConfig(ctx.services, { tenantId: ctx.tenantId, actorId: ctx.user.id, input }),
  );
