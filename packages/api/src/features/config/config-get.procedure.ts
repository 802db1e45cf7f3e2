import { z } from 'zod';
import { configViewSchema } from './config.schema';
import { readConfig } from './tenant-config';
import { tenantAdminProcedure } from './config-admin.procedure';

export const configGetProcedure = tenantAdminProcedure
  .meta({
    openapi: {
      method: 'GET',
      path: '/config',
      tags: ['config'],
      protect: true,
      summary: 'The tenant\'s virtual-care configuration (credentials as "****")',
    },
  })
  .input(z.void())
  .output(configViewSchema)
  .query(({ ctx }) => readConfig(ctx.services, ctx.tenantId));
