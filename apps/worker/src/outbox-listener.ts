import pg from 'pg';
import type { Logger } from 'pino';

/**
 * LISTEN virtual_care_outbox on a dedicated connection (a pooled one would lose the LISTEN when
 * released). Reconnects after a failure; the relay's poll covers the gap, so nothing depends on it.
 */
export class OutboxListener {
  private client: pg.Client | null = null;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;

  constructor(
    private readonly url: string,
    private readonly onNotify: () => void,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    client.on('notification', () => this.onNotify());
    client.on('error', (error) => this.reconnect(client, error));
    client.on('end', () => this.reconnect(client));
    try {
      await client.connect();
      await client.query('LISTEN virtual_care_outbox');
      this.client = client;
      this.onNotify(); // rows may have arrived while we were not listening
    } catch (error) {
      this.reconnect(client, error as Error);
    }
  }

  private reconnect(client: pg.Client, error?: Error): void {
    if (this.stopped || this.retry) return;
    if (this.client === client) this.client = null;
    client.removeAllListeners();
    client.on('error', () => undefined);
    void client.end().catch(() => undefined);
    if (error)
      this.log.warn(
        { err: error.message },
        'outbox LISTEN connection lost; polling until it is back',
      );
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.start();
    }, 1000);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    if (client) {
      client.removeAllListeners();
      client.on('error', () => undefined);
      await client.end().catch(() => undefined);
    }
  }
}
