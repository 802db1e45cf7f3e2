import type { LiveFeed } from '../adapters/nats-live-events.adapter';

/**
 * `live.ready`: the NATS subscription is in place, changes will follow (the page may poll less).
 * `live.unavailable`: no live feed (NATS not configured, unreachable or gone); the stream ends right after,
 * and the page keeps polling.
 */
export const LIVE_STATES = ['live.ready', 'live.unavailable'] as const;
export type LiveState = (typeof LIVE_STATES)[number];

/**
 * The body of a live tRPC subscription (SSE): `live.ready`, then one signal per change of the feed, and
 * `live.unavailable` when there is no feed or it ends without the client leaving (NATS went away). The feed (the
 * NATS subscription) ends with the stream, whichever way the client goes.
 */
export async function* liveSignals<TChange, TSignal>(
  feed: LiveFeed<TChange> | null,
  signal: AbortSignal | undefined,
  toSignal: (change: TChange) => TSignal,
  stateSignal: (state: LiveState) => TSignal,
): AsyncGenerator<TSignal, void, undefined> {
  if (!feed) {
    yield stateSignal('live.unavailable');
    return;
  }
  try {
    yield stateSignal('live.ready');
    for await (const change of feed) yield toSignal(change);
    if (!signal?.aborted) yield stateSignal('live.unavailable');
  } finally {
    feed.close();
  }
}
