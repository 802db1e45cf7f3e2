import { configGetProcedure } from './config-get.procedure';
import { configTestConnectionProcedure } from './config-test-connection.procedure';
import { configUpdateProcedure } from './config-update.procedure';
import { router } from '../../edge/trpc';

export const configRouter = router({
  get: configGetProcedure,
  update: configUpdateProcedure,
  testConnection: configTestConnectionProcedure,
});
