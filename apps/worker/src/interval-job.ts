import type { Logger } from 'pino';
import { WakeSignal } from './wake-signal';

export interface IntervalJob {
  /** Runs one pass now (tests); passes never overlap. */
  runOnce(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs `pass` repeatedly, waiting `delayMs()` between passes (the pass may lengthen it for backoff).
 * No timer state lives here: each pass reads what is due from the database, so a restart loses nothing.
 */
export function startIntervalJob(
  name: string,
  delayMs: () => number,
  pass: () => Promise<void>,
  log: Logger,
): IntervalJob {
  const signal = new WakeSignal();
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const once = () => {
    running = running
      .then(pass)
      .catch((error: Error) => log.error({ job: name, err: error }, 'job pass failed'));
    return running;
  };
  const loop = (async () => {
    while (!stopped) {
      await once();
      if (!stopped) await signal.wait(delayMs());
    }
  })();
  return {
    runOnce: once,
    async stop() {
      stopped = true;
      signal.wake();
      await loop;
      await running;
    },
  };
}
