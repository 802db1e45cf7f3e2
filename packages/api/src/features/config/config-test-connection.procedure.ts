import { testConnectionInputSchema, testConnectionOutputSchema } from './config.schema';
import { checkConnection } from './tenant-config';
import { tenantAdminProcedure } from './config-admin.procedure';

export const configTestConnectionProcedure = tenantAdminProcedure
  .meta({
    openapi: {
      method: 'POST',
      path: '/config/test-connection',
      tags: ['config'],
      protect: true,
      summary:
        'Check the configured (or a candidate) video backend: { healthy, latencyMs, reason? }',
    },
  })
  .input(testConnectionInputSchema)
  .output(testConnectionOutputSchema)
  .mutation(({ ctx, input }) => checkConnection(ctx.services, ctx.tenantId, input?.jitsiServerUrl));
