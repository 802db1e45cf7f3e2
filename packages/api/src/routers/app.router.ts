import { healthProcedure } from '../procedures/health.procedure';
import { meProcedure } from '../procedures/me.procedure';
import { router } from '../trpc';

export const appRouter = router({
  health: healthProcedure,
  me: meProcedure,
});

export type AppRouter = typeof appRouter;
