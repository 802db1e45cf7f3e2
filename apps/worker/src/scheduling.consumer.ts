import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import type { Logger } from 'pino';
import { jsonBodyOf, startDurableConsumer } from './durable-consumer';
import type { WorkerMetrics } from './metrics';
import { handleSchedulingEvent, type SchedulingHandlerDeps } from './scheduling.handler';
import { ensureStreamExists } from './stream';

export interface SchedulingConsumerOptions {
  js: JetStreamClient;
  jsm: JetStreamManager;
  stream: string;
  subjectPrefix: string;
  durable: string;
  handler: SchedulingHandlerDeps;
  log: Logger;
  metrics?: WorkerMetrics;
  /** Redelivery delay after a transient failure. */
  retryDelayMs?: number;
}

/**
 * Durable consumer of appointment events. Each message is acknowledged only after its effect and its inbox row
 * are committed; a transient failure is nak'ed with a delay and redelivered.
 */
export async function startSchedulingConsumer(
  options: SchedulingConsumerOptions,
): Promise<{ stop(): Promise<void> }> {
  const { log } = options;
  await ensureStreamExists(options.jsm, options.stream, options.subjectPrefix);
  const retryInMs = options.retryDelayMs ?? 5000;
  return startDurableConsumer({
    js: options.js,
    jsm: options.jsm,
    stream: options.stream,
    durable: options.durable,
    filterSubjects: [`${options.subjectPrefix}.appointment.>`],
    failureRetryMs: retryInMs,
    log,
    handle: async (message) => {
      const body = jsonBodyOf(message);
      try {
        const outcome = await handleSchedulingEvent(options.handler, body);
        options.metrics?.schedulingProcessed.inc({ outcome });
        log.debug({ subject: message.subject, outcome }, 'scheduling event handled');
        return { ack: true };
      } catch (error) {
        options.metrics?.schedulingProcessed.inc({ outcome: 'retry' });
        log.warn(
          { subject: message.subject, err: (error as Error).message },
          'scheduling event failed; will be redelivered',
        );
        return { ack: false, retryInMs };
      }
    },
  });
}
