import pg from 'pg';

/** What a channel listener reports; called synchronously from the connection's events, so they must not throw. */
export interface ChannelHandlers {
  /** A notification arrived on the channel. */
  notified(payload: string | undefined): void;
  /** LISTEN is in place (first time, or again after a reconnect): from now on every notification arrives. */
  listening(): void;
  /** Notifications stopped (connection lost or failed): some may go unreported until `listening` again. */
  lost(error: Error): void;
}

export interface ChannelListener {
  /** Stops reconnecting and ends the connection; no handler is called afterwards. Idempotent. */
  close(): Promise<void>;
}

export interface ChannelListenerOptions {
  /** First reconnect delay, doubled per failed attempt up to `maxRetryDelayMs`; default 500 ms. */
  readonly retryDelayMs?: number;
  /** Default 30 s. */
  readonly maxRetryDelayMs?: number;
  /**
   * How often the idle connection is checked with `SELECT 1`; a check unanswered by the next one counts as
   * lost. Default 30 s. A LISTEN connection only ever receives, so without this a silently dropped one
   * (a firewall or NAT forgetting it, a dead host) would look alive while notifications go missing. The same
   * check bounds a connect attempt, LISTEN included, to two intervals.
   */
  readonly pingIntervalMs?: number;
}

/**
 * LISTEN on one dedicated connection (a pooled one would lose the LISTEN when released), reconnecting with
 * backoff until closed. Every failure ends in `lost` and a retry, never in an unhandled 'error' event; the
 * timers are unref'd and cleared, so they neither keep the process alive nor outlive `close`.
 * `applicationName` shows in pg_stat_activity, so operators (and tests) can tell the connection apart.
 */
export function listenOnChannel(
  url: string,
  target: { channel: string; applicationName: string },
  handlers: ChannelHandlers,
  options: ChannelListenerOptions = {},
): ChannelListener {
  const firstDelay = options.retryDelayMs ?? 500;
  const maxDelay = options.maxRetryDelayMs ?? 30_000;
  const pingInterval = options.pingIntervalMs ?? 30_000;
  let delay = firstDelay;
  let closed = false;
  let lostReported = false; // once per outage: reset when LISTEN is back
  let current: { client: pg.Client; stop: () => void } | null = null;
  let retry: NodeJS.Timeout | null = null;
  let closing: Promise<void> | null = null;

  const connect = (): void => {
    const client = new pg.Client({ connectionString: url });
    let done = false;
    let pingPending = false;
    const ping = setInterval(() => {
      if (pingPending) {
        fail(new Error(`no answer to a liveness check within ${pingInterval} ms`));
        return;
      }
      pingPending = true;
      client.query('SELECT 1').then(() => {
        pingPending = false;
      }, fail);
    }, pingInterval);
    ping.unref();

    const stop = (): void => {
      done = true;
      clearInterval(ping);
      client.removeAllListeners();
      client.on('error', () => {}); // a late socket error must not become an unhandled 'error' event
    };
    function fail(error: Error): void {
      if (done) return;
      stop();
      current = null;
      void client.end().catch(() => {});
      if (closed) return;
      scheduleRetry(); // before calling out, so a throwing handler cannot stop the retries
      if (!lostReported) {
        lostReported = true;
        handlers.lost(error);
      }
    }

    current = { client, stop };
    client.on('error', fail);
    client.on('end', () => fail(new Error(`${target.channel}: the LISTEN connection ended`)));
    client.on('notification', (n) => {
      if (!done && n.channel === target.channel) handlers.notified(n.payload);
    });
    client
      .connect()
      // SET here rather than in the config: a connection string's own application_name would win there.
      .then(() =>
        client.query(
          `SET application_name = '${target.applicationName}'; LISTEN ${target.channel}`,
        ),
      )
      .then(
        () => {
          if (done) return;
          delay = firstDelay;
          lostReported = false;
          handlers.listening();
        },
        (error: Error) => fail(error),
      );
  };

  const scheduleRetry = (): void => {
    retry = setTimeout(() => {
      retry = null;
      if (!closed) connect();
    }, delay);
    retry.unref();
    delay = Math.min(delay * 2, maxDelay);
  };

  connect();

  return {
    close() {
      if (!closing) {
        closed = true;
        if (retry) clearTimeout(retry);
        retry = null;
        const ending = current;
        current = null;
        ending?.stop();
        closing = ending ? ending.client.end().catch(() => {}) : Promise.resolve();
      }
      return closing;
    },
  };
}
