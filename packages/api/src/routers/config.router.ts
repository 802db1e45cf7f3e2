import { configGetProcedure } from '../procedures/config-get.procedure';
import { configTestConnectionProcedure } from '../procedures/config-test-connection.procedure';
import { configUpdateProcedure } from '../procedures/config-update.procedure';
import { router } from '../trpc';

export const configRouter = router({
  get: configGetProcedure,
  update: configUpdateProcedure,
  testConnection: configTestConnectionProcedure,
});
