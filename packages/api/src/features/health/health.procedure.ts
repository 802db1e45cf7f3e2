import { z } from 'zod';
import { publicProcedure } from '../../edge/trpc';

/** Liveness through tRPC: answers without I/O, so it says the process is up, nothing more. */
export const healthProcedure = publicProcedure
  .output(z.object({ status: z.literal('ok') }))
  .query(() => ({ status: 'ok' as const }));
