import { createLogger, createNatsLiveEvents, type LiveEvents } from '@virtual-care/api';
import { getEnv } from '../env';

// Kept on globalThis so dev hot reloads do not open a new connection each time. It carries live
// subscriptions only (each ends with its request), no application state.
const globalForNats = globalThis as typeof globalThis & {
  __vcLiveEvents?: LiveEvents | null;
};

/**
 * The process's one NATS connection for live updates (waiting room, async-visit queue), opened on first use from
 * NATS_URL. Null when NATS_URL is unset: live procedures then tell the page to keep polling.
 */
export function getLiveEvents(): LiveEvents | null {
  if (globalForNats.__vcLiveEvents === undefined) {
    const env = getEnv();
    const live = env.natsUrl
      ? createNatsLiveEvents({
          servers: env.natsUrl,
          subjectPrefix: env.natsSubjectPrefix,
          logger: createLogger({ level: env.logLevel, name: 'web-live' }),
        })
      : null;
    globalForNats.__vcLiveEvents = live;
    if (live) closeOnExit(live);
  }
  return globalForNats.__vcLiveEvents;
}

/**
 * Closes the connection when the process ends. Next's server exits on SIGTERM/SIGINT itself; if nothing
 * else handles the signal, it is raised again once the connection is closed, so ours never keeps the
 * process alive.
 */
function closeOnExit(live: LiveEvents): void {
  const onSignal = (signal: NodeJS.Signals) => {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    const alone = process.listenerCount(signal) === 0;
    void live.close().finally(() => {
      if (alone) process.kill(process.pid, signal);
    });
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  process.once('beforeExit', () => void live.close());
}
