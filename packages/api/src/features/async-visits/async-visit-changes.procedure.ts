import { z } from 'zod';
import { LIVE_ASYNC_VISIT_CHANGE_TYPES } from '../../adapters/nats-live-events.adapter';
import { LIVE_STATES, liveSignals } from '../../edge/live-subscription';
import { roleProcedure } from '../../edge/trpc';

/** One signal of the live async-visit queue: a hint to refetch the queue, never data (no PHI). */
const asyncVisitSignalSchema = z.object({
  type: z.enum([...LIVE_ASYNC_VISIT_CHANGE_TYPES, ...LIVE_STATES]),
  /** The submitted visit; null for the `live.*` states. */
  asyncVisitId: z.string().nullable(),
  at: z.string(),
});

export type AsyncVisitSignal = z.infer<typeof asyncVisitSignalSchema>;

/**
 * The clinician's async-visit queue, live (tRPC subscription over SSE): submissions of the caller's tenant from
 * its own NATS subjects `<prefix>.<tenantId>.async_visit.>`. Ends (and with it the NATS subscription) when the
 * client goes away; each signal is parsed here, as subscriptions take no `.output()`.
 */
export const asyncVisitChangesProcedure = roleProcedure('clinician').subscription(async function* ({
  ctx,
  signal,
}) {
  const feed = ctx.liveEvents
    ? await ctx.liveEvents.openAsyncVisitChanges(ctx.tenantId, signal)
    : null;
  yield* liveSignals(
    feed,
    signal,
    (change) => asyncVisitSignalSchema.parse(change),
    (type): AsyncVisitSignal => ({ type, asyncVisitId: null, at: new Date().toISOString() }),
  );
});
