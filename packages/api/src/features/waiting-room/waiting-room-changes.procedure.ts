import { z } from 'zod';
import {
  LIVE_SESSION_CHANGE_TYPES,
  type LiveSessionFeed,
} from '../../adapters/nats-live-events.adapter';
import { roleProcedure } from '../../edge/trpc';

/**
 * `live.ready`: the NATS subscription is in place, changes will follow (the page may poll less).
 * `live.unavailable`: no live feed (NATS not configured, unreachable or gone); the stream ends right after,
 * and the page keeps polling.
 */
const WAITING_ROOM_LIVE_STATES = ['live.ready', 'live.unavailable'] as const;

/** One signal of the live waiting room: a hint to refetch, never data (no PHI). */
const waitingRoomSignalSchema = z.object({
  type: z.enum([...LIVE_SESSION_CHANGE_TYPES, ...WAITING_ROOM_LIVE_STATES]),
  /** The changed session; null for the `live.*` states. */
  sessionId: z.string().nullable(),
  at: z.string(),
});

export type WaitingRoomSignal = z.infer<typeof waitingRoomSignalSchema>;

function liveState(type: (typeof WAITING_ROOM_LIVE_STATES)[number]): WaitingRoomSignal {
  return { type, sessionId: null, at: new Date().toISOString() };
}

/**
 * The clinician's waiting room, live (tRPC subscription over SSE): session changes of the caller's tenant
 * from its own NATS subjects `<prefix>.<tenantId>.session.>`. Ends (and with it the NATS subscription) when the
 * client goes away. Subscriptions take no `.output()` (tRPC would parse the iterable itself), so each
 * signal is parsed here.
 */
export const waitingRoomChangesProcedure = roleProcedure('clinician').subscription(
  async function* ({ ctx, signal }) {
    const liveEvents = ctx.liveEvents;
    const feed: LiveSessionFeed | null = liveEvents
      ? await liveEvents.openSessionChanges(ctx.tenantId, signal)
      : null;
    if (!feed) {
      yield liveState('live.unavailable');
      return;
    }
    try {
      yield liveState('live.ready');
      for await (const change of feed) {
        yield waitingRoomSignalSchema.parse(change);
      }
      // The feed ended without the client leaving: NATS went away. Tell the page to poll.
      if (!signal?.aborted) yield liveState('live.unavailable');
    } finally {
      feed.close();
    }
  },
);
