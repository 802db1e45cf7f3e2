import { z } from 'zod';
import { LIVE_SESSION_CHANGE_TYPES } from '../../adapters/nats-live-events.adapter';
import { LIVE_STATES, liveSignals } from '../../edge/live-subscription';
import { roleProcedure } from '../../edge/trpc';

/** One signal of the live waiting room: a hint to refetch, never data (no PHI). */
const waitingRoomSignalSchema = z.object({
  type: z.enum([...LIVE_SESSION_CHANGE_TYPES, ...LIVE_STATES]),
  /** The changed session; null for the `live.*` states. */
  sessionId: z.string().nullable(),
  at: z.string(),
});

export type WaitingRoomSignal = z.infer<typeof waitingRoomSignalSchema>;

/**
 * The clinician's waiting room, live (tRPC subscription over SSE): session changes of the caller's tenant
 * from its own NATS subjects `<prefix>.<tenantId>.session.>`. Ends (and with it the NATS subscription) when the
 * client goes away. Subscriptions take no `.output()` (tRPC would parse the iterable itself), so each
 * signal is parsed here.
 */
export const waitingRoomChangesProcedure = roleProcedure('clinician').subscription(
  async function* ({ ctx, signal }) {
    const feed = ctx.liveEvents
      ? await ctx.liveEvents.openSessionChanges(ctx.tenantId, signal)
      : null;
    yield* liveSignals(
      feed,
      signal,
      (change) => waitingRoomSignalSchema.parse(change),
      (type): WaitingRoomSignal => ({ type, sessionId: null, at: new Date().toISOString() }),
    );
  },
);
