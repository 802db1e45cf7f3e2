import { DEFAULT_EVENT_SUBJECT_PREFIX } from '@virtual-care/api';
import { endPublishSpan, startPublishSpan } from '@virtual-care/api/telemetry';
import type { ClaimedOutboxRow, OutboxRelayStore } from '@virtual-care/db';
import type { JetStreamClient, PubAck } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { toOutboundMessage } from './cloud-event';
import type { WorkerMetrics } from './metrics';
import { OutboxListener } from './outbox-listener';
import { WakeSignal } from './wake-signal';

export interface OutboxRelayOptions {
  /** The outbox on the worker role's connection (cross-tenant outbox policy). */
  outbox: OutboxRelayStore;
  js: JetStreamClient;
  log: Logger;
  /** Connection string for the LISTEN connection; null = poll only. */
  listenUrl: string | null;
  subjectPrefix?: string;
  batchSize?: number;
  pollMs?: number;
  publishTimeoutMs?: number;
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  metrics?: WorkerMetrics;
}

const encoder = new TextEncoder();

/**
 * The transactional outbox relay. Each batch is one transaction of the db's relay store: claim (FOR UPDATE
 * SKIP LOCKED, seq order) -> publish every row with Nats-Msg-Id = event id, all in flight at once -> await
 * every ack -> one UPDATE -> COMMIT. A crash anywhere before COMMIT releases the locks and the rows are published again; the
 * stream's duplicate window drops the repeats, so each event is stored once.
 *
 * Order per session: rows are published in seq order on one NATS connection, and the server handles one
 * connection's messages in the order it receives them, so JetStream stores them in seq order. The claim
 * never takes a row while an earlier row of the same aggregate is held by another relay (see the claim
 * SQL), so two relays cannot interleave one session's events either. Consumers can still check the
 * `sequence` extension.
 */
export class OutboxRelay {
  private readonly wakeSignal = new WakeSignal();
  private readonly listener: OutboxListener | null;
  private loop: Promise<void> | null = null;
  private stopped = false;
  private readonly subjectPrefix: string;
  private readonly batchSize: number;
  private readonly pollMs: number;
  private readonly publishTimeoutMs: number;

  constructor(private readonly options: OutboxRelayOptions) {
    this.subjectPrefix = options.subjectPrefix ?? DEFAULT_EVENT_SUBJECT_PREFIX;
    this.batchSize = options.batchSize ?? 500;
    this.pollMs = options.pollMs ?? 1000;
    this.publishTimeoutMs = options.publishTimeoutMs ?? 5000;
    this.listener = options.listenUrl
      ? new OutboxListener(options.listenUrl, () => this.wake(), options.log)
      : null;
  }

  wake(): void {
    this.wakeSignal.wake();
  }

  async start(): Promise<void> {
    await this.listener?.start();
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.loop;
    await this.listener?.stop();
  }

  private async run(): Promise<void> {
    const initial = this.options.backoffInitialMs ?? 100;
    const max = this.options.backoffMaxMs ?? 10_000;
    let backoff = initial;
    while (!this.stopped) {
      try {
        const relayed = await this.relayOnce();
        if (backoff > initial) this.options.log.info('outbox relay recovered');
        backoff = initial;
        if (relayed === 0) await this.wakeSignal.wait(this.pollMs);
      } catch (error) {
        this.options.metrics?.relayErrors.inc();
        this.options.log.warn(
          { err: error, retryInMs: backoff },
          'outbox relay batch failed; backing off',
        );
        await this.wakeSignal.wait(backoff); // stop() cuts the pause short; a NOTIFY may too, harmlessly
        backoff = Math.min(backoff * 2, max);
      }
    }
  }

  /** One batch; returns how many rows were published. Exposed for tests and the benchmark. */
  async relayOnce(): Promise<number> {
    const { outbox, metrics } = this.options;
    const started = performance.now();
    const rows = await outbox.relayBatch(this.batchSize, (claimed) => this.publishAll(claimed));
    if (rows.length === 0) return 0;
    const now = Date.now();
    if (metrics) {
      metrics.relayPublished.inc(rows.length);
      metrics.relayBatches.inc();
      metrics.relayBatchSeconds.observe((performance.now() - started) / 1000);
      for (const row of rows) {
        metrics.relayLagSeconds.observe(Math.max(0, now - row.createdAt.getTime()) / 1000);
        countFallback(metrics, row);
      }
    }
    this.options.log.debug({ count: rows.length }, 'outbox batch published');
    return rows.length;
  }

  private async publishAll(rows: readonly ClaimedOutboxRow[]): Promise<PubAck[]> {
    const { js } = this.options;
    // All publishes are issued before any ack is awaited (pipelined), in seq order.
    const pending = rows.map((row) => {
      const { subject, event } = toOutboundMessage(row, this.subjectPrefix);
      // In the trace of the request that wrote the event; consumers continue it from the headers (decision 0042).
      const { span, headers: trace } = startPublishSpan(
        event.type,
        subject,
        event.id,
        row.traceContext,
      );
      const h = natsHeaders();
      h.set('content-type', 'application/cloudevents+json');
      if (trace) {
        h.set('traceparent', trace.traceparent);
        if (trace.tracestate) h.set('tracestate', trace.tracestate);
      }
      return js
        .publish(subject, encoder.encode(JSON.stringify(event)), {
          msgID: event.id,
          timeout: this.publishTimeoutMs,
          headers: h,
        })
        .then(
          (ack) => (endPublishSpan(span), ack),
          (error: unknown) => {
            endPublishSpan(span, error);
            throw error;
          },
        );
    });
    return Promise.all(pending);
  }
}

/**
 * A fallback counted from its event, once, whichever process started it (the clinician's request in the web app, a
 * failed visit in this worker): the relay is where every committed event passes exactly once.
 */
function countFallback(metrics: WorkerMetrics, row: ClaimedOutboxRow): void {
  if (row.eventType !== 'virtual_care.session.fallback.initiated.v1') return;
  const event = row.payload.payload as { sessionStatus?: unknown } | undefined;
  const status = typeof event?.sessionStatus === 'string' ? event.sessionStatus : 'unknown';
  metrics.fallbacks.inc({ session_status: status });
}
