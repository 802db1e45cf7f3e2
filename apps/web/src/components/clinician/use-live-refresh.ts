'use client';

import { useSubscription } from '@trpc/tanstack-react-query';
import { useEffect, useRef, useState } from 'react';

/** After the live stream ended (no NATS, an error), try it again this long after. */
const LIVE_RETRY_MS = 30_000;
/** A burst of signals (admit = participant admitted + session started) becomes one refresh. */
const REFRESH_DEBOUNCE_MS = 150;

/** What our live subscriptions send: `live.ready`, `live.unavailable`, or a change (a hint to refetch). */
interface LiveSignal {
  type: string;
}

/** The handlers this hook gives the subscription's options (`subscriptionOptions(undefined, handlers)`). */
interface LiveHandlers {
  onData: (signal: LiveSignal) => void;
  onError: () => void;
  onConnectionStateChange: (state: { state: string }) => void;
}

type SubscriptionOptions<TSignal, TError> = Parameters<typeof useSubscription<TSignal, TError>>[0];

/**
 * Follows one of our live tRPC subscriptions (SSE, fed by the tenant's NATS subjects): each burst of changes, and
 * `live.ready` itself (to catch up with what changed before the subscription), calls `refresh` once. When the
 * stream ends (NATS off or gone) or fails it is tried again 30 s later. Returns true while the feed is live, so
 * the caller polls less; it polls as before otherwise.
 */
export function useLiveRefresh<TSignal extends LiveSignal, TError>(
  options: (handlers: LiveHandlers) => SubscriptionOptions<TSignal, TError>,
  refresh: () => void,
): boolean {
  const [live, setLive] = useState(false);
  // Counts signals; the effect below turns each burst into one refresh (its clean-up restarts the wait).
  const [changes, setChanges] = useState(0);
  // The latest refresh, so a new function on each render neither restarts the wait nor refreshes again.
  const latestRefresh = useRef(refresh);
  useEffect(() => {
    latestRefresh.current = refresh;
  });
  useEffect(() => {
    if (changes === 0) return;
    const timer = setTimeout(() => latestRefresh.current(), REFRESH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [changes]);

  const subscription = useSubscription(
    options({
      onData: (signal) => {
        if (signal.type === 'live.unavailable') {
          setLive(false);
          return;
        }
        if (signal.type === 'live.ready') setLive(true);
        setChanges((count) => count + 1);
      },
      onError: () => setLive(false),
      onConnectionStateChange: (state) => {
        if (state.state !== 'pending') setLive(false);
      },
    }),
  );

  // The stream ended or failed: polling carries on, and live is tried again later.
  const { status, reset } = subscription;
  useEffect(() => {
    if (status !== 'idle' && status !== 'error') return;
    const retry = setTimeout(reset, LIVE_RETRY_MS);
    return () => clearTimeout(retry);
  }, [status, reset]);

  return live;
}
