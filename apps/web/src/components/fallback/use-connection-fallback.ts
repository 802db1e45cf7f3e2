import { useCallback, useEffect, useRef, useState } from 'react';
import {
  ConnectionMonitor,
  type BrowserEstimate,
  type CallProfile,
  type ConnectionView,
} from './connection-monitor';

/** The monitor's view, its actions, and the monitor itself for the page's samplers to feed. */
export interface ConnectionFallback extends ConnectionView {
  monitor: ConnectionMonitor;
  choose: (profile: CallProfile) => void;
  decline: () => void;
}

/**
 * Tells the server about a profile this page chose; true once the server has answered (a refusal included: the
 * next status then sets the page right), false to try again on the next tick (offline, timed out).
 */
export type ReportProfile = (profile: CallProfile) => Promise<boolean>;

const TICK_MS = 1_000;

type NetworkInformation = BrowserEstimate & {
  addEventListener?: (type: 'change', listener: () => void) => void;
  removeEventListener?: (type: 'change', listener: () => void) => void;
};

/**
 * One connection monitor per visit page: evaluated every second while the call is open, fed with the
 * browser's estimate here and with heartbeats by the page; a profile this page chose is reported until the
 * server has it.
 */
export function useConnectionFallback(active: boolean, report: ReportProfile): ConnectionFallback {
  const [monitor] = useState(() => new ConnectionMonitor({ now: () => performance.now() }));
  const [view, setView] = useState<ConnectionView>(() => monitor.current());
  const reportRef = useRef(report);
  useEffect(() => {
    reportRef.current = report;
  }, [report]);
  const sending = useRef(false);

  const sync = useCallback(
    (next: ConnectionView) => {
      setView(next);
      const profile = next.unreported;
      if (profile === null || sending.current) return;
      sending.current = true;
      void reportRef
        .current(profile)
        .catch(() => false)
        .then((done) => {
          if (done) setView(monitor.reported(profile));
        })
        .finally(() => {
          sending.current = false;
        });
    },
    [monitor],
  );

  useEffect(() => {
    // The page shows what changed on the next tick (within a second), not in this effect.
    monitor.setActive(active);
    if (!active) return;
    const connection = (navigator as { connection?: NetworkInformation }).connection;
    monitor.browserEstimate(connection);
    const onEstimate = () => sync(monitor.browserEstimate(connection));
    connection?.addEventListener?.('change', onEstimate);
    const timer = setInterval(() => sync(monitor.evaluate()), TICK_MS);
    return () => {
      clearInterval(timer);
      connection?.removeEventListener?.('change', onEstimate);
    };
  }, [active, monitor, sync]);

  const choose = useCallback(
    (profile: CallProfile) => sync(monitor.choose(profile)),
    [monitor, sync],
  );
  const decline = useCallback(() => sync(monitor.decline()), [monitor, sync]);
  return { ...view, monitor, choose, decline };
}
