import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import type { Logger } from 'pino';
import { jsonBodyOf, retryDelay, startDurableConsumer } from './durable-consumer';
import type { WorkerMetrics } from './metrics';
import { handleSchedulingEvent, type SchedulingHandlerDeps } from './scheduling.handler';
import { ensureStreamExists } from './stream';

export interface SchedulingConsumerOptions {
  js: JetStreamClient;
  jsm: JetStreamManager;
  stream: string;
  subjectPrefix: string;
  durable: string;
  /** Our own subject prefix (NATS_SUBJECT_PREFIX): where dead letters go. */
  deadLetterPrefix: string;
  handler: SchedulingHandlerDeps;
  log: Logger;
  metrics?: WorkerMetrics;
  /** Redelivery delays after a transient failure, by attempt; the last one repeats. */
  retryDelaysMs?: readonly [number, ...number[]];
  /** Deliveries before a still-failing event is dead-lettered. */
  maxDeliver?: number;
}

/** Soon at first (a blip), then backing off to a minute: ten deliveries span about six minutes. */
export const SCHEDULING_RETRY_DELAYS_MS = [1000, 5000, 15_000, 30_000, 60_000] as const;

/**
 * Durable consumer of appointment events. Each message is acknowledged only after its effect and its inbox row
 * are committed; a transient failure is nak'ed with a growing delay and redelivered, up to `maxDeliver` times;
 * an unreadable event is dead-lettered at once.
 */
export async function startSchedulingConsumer(
  options: SchedulingConsumerOptions,
): Promise<{ stop(): Promise<void> }> {
  const { log } = options;
  await ensureStreamExists(options.jsm, options.stream, options.subjectPrefix);
  const delays = options.retryDelaysMs ?? SCHEDULING_RETRY_DELAYS_MS;
  return startDurableConsumer({
    js: options.js,
    jsm: options.jsm,
    stream: options.stream,
    durable: options.durable,
    filterSubjects: [`${options.subjectPrefix}.appointment.>`],
    failureRetryMs: delays[0],
    maxDeliver: options.maxDeliver,
    deadLetterPrefix: options.deadLetterPrefix,
    log,
    metrics: options.metrics,
    handle: async (message) => {
      const body = jsonBodyOf(message);
      try {
        const outcome = await handleSchedulingEvent(options.handler, body);
        options.metrics?.schedulingProcessed.inc({ outcome });
        log.debug({ subject: message.subject, outcome }, 'scheduling event handled');
        return outcome === 'malformed' ? { deadLetter: 'malformed' } : { ack: true };
      } catch (error) {
        const retryInMs = retryDelay(message.info.deliveryCount, delays);
        options.metrics?.schedulingProcessed.inc({ outcome: 'retry' });
        log.warn(
          { subject: message.subject, err: error, retryInMs },
          'scheduling event failed; will be redelivered',
        );
        return { ack: false, retryInMs };
      }
    },
  });
}
