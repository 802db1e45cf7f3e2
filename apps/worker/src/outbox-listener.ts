import { listenOnChannel, type ChannelListener } from '@virtual-care/db';
import type { Logger } from 'pino';

/**
 * LISTEN virtual_care_outbox on a dedicated connection, retried every second after a failure. The relay's poll
 * covers any gap, so nothing depends on it; a notice (or LISTEN in place again) only wakes the relay early.
 */
export class OutboxListener {
  private listener: ChannelListener | null = null;

  constructor(
    private readonly url: string,
    private readonly onNotify: () => void,
    private readonly log: Logger,
  ) {}

  /** Resolves once LISTEN is in place, or once the first attempt failed (retries go on in the background). */
  start(): Promise<void> {
    if (this.listener) return Promise.resolve();
    return new Promise((settled) => {
      this.listener = listenOnChannel(
        this.url,
        { channel: 'virtual_care_outbox', applicationName: 'virtual-care-outbox-relay' },
        {
          notified: () => this.onNotify(),
          listening: () => {
            settled();
            this.onNotify(); // rows may have arrived while we were not listening
          },
          lost: (error) => {
            settled();
            this.log.warn(
              { err: error },
              'outbox LISTEN connection lost; polling until it is back',
            );
          },
        },
        { retryDelayMs: 1000, maxRetryDelayMs: 1000 },
      );
    });
  }

  async stop(): Promise<void> {
    await this.listener?.close();
    this.listener = null;
  }
}
