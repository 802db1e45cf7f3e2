import { DeliverPolicy, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import type { Logger } from 'pino';
import { jsonBodyOf, retryDelay, startDurableConsumer } from './durable-consumer';
import {
  FALLBACK_TRIGGERS,
  handleFallbackTrigger,
  type FallbackHandlerDeps,
} from './fallback.handler';
import type { WorkerMetrics } from './metrics';

export interface FallbackConsumerOptions {
  js: JetStreamClient;
  jsm: JetStreamManager;
  /** Our events stream (NATS_STREAM) and its subject prefix (NATS_SUBJECT_PREFIX). */
  stream: string;
  subjectPrefix: string;
  durable: string;
  handler: FallbackHandlerDeps;
  log: Logger;
  metrics?: WorkerMetrics;
  /** Redelivery delays while the thread cannot be opened, by attempt; the last one repeats. */
  retryDelaysMs?: readonly [number, ...number[]];
  /** Deliveries before a trigger still failing is dead-lettered. */
  maxDeliver?: number;
}

/** Soon at first (a blip), then no more than every 30 s however long the outage lasts. */
export const FALLBACK_RETRY_DELAYS_MS = [1000, 2000, 5000, 10_000, 30_000] as const;

/**
 * About an hour of communication-service outage (deliveries 30 s apart) before a trigger is dead-lettered: kept
 * for an operator to replay (docs/operations.md) rather than retried forever.
 */
export const FALLBACK_MAX_DELIVER = 120;

/** `<prefix>.*.<type after virtual_care.>`: one event type across tenants (decision 0018). */
const everyTenants = (prefix: string, type: string) =>
  `${prefix}.*.${type.slice('virtual_care.'.length)}`;

/**
 * The durable consumer that opens a session's messaging thread when the session fails, or when a clinician's
 * fallback could not reach communication-service: every tenant's `session.failed.v1` and
 * `session.fallback.requested.v1`. A new durable starts at new events: a deployment's first start does not open
 * threads for visits that failed long before.
 */
export async function startFallbackConsumer(
  options: FallbackConsumerOptions,
): Promise<{ stop(): Promise<void> }> {
  const { log } = options;
  const delays = options.retryDelaysMs ?? FALLBACK_RETRY_DELAYS_MS;
  return startDurableConsumer({
    js: options.js,
    jsm: options.jsm,
    stream: options.stream,
    durable: options.durable,
    filterSubjects: [
      everyTenants(options.subjectPrefix, FALLBACK_TRIGGERS.failed),
      everyTenants(options.subjectPrefix, FALLBACK_TRIGGERS.requested),
    ],
    deliverPolicy: DeliverPolicy.New,
    failureRetryMs: delays[0],
    maxDeliver: options.maxDeliver ?? FALLBACK_MAX_DELIVER,
    deadLetterPrefix: options.subjectPrefix,
    log,
    metrics: options.metrics,
    handle: async (message) => {
      const body = jsonBodyOf(message);
      try {
        const outcome = await handleFallbackTrigger(options.handler, body);
        options.metrics?.fallbackProcessed.inc({ outcome });
        return outcome === 'rejected' ? { deadLetter: 'malformed' } : { ack: true };
      } catch (error) {
        const retryInMs = retryDelay(message.info.deliveryCount, delays);
        options.metrics?.fallbackProcessed.inc({ outcome: 'retry' });
        log.warn(
          { subject: message.subject, err: error, retryInMs },
          'messaging thread not opened yet; will retry',
        );
        return { ack: false, retryInMs };
      }
    },
  });
}
