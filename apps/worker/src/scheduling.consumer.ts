import {
  AckPolicy,
  DeliverPolicy,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
} from '@nats-io/jetstream';
import type { Logger } from 'pino';
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

const decoder = new TextDecoder();

/**
 * Durable pull consumer of appointment events. Each message is acknowledged only after its effect and its
 * inbox row are committed; a transient failure is nak'ed with a delay (redelivered), a crash leaves it
 * unacknowledged (redelivered after ack_wait). Several workers share the durable, so each message goes
 * to one of them at a time.
 */
export async function startSchedulingConsumer(
  options: SchedulingConsumerOptions,
): Promise<{ stop(): Promise<void> }> {
  const { js, jsm, stream, durable, log } = options;
  await ensureStreamExists(jsm, stream, options.subjectPrefix);
  const config = {
    durable_name: durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    filter_subject: `${options.subjectPrefix}.appointment.>`,
    ack_wait: 30_000_000_000,
    max_ack_pending: 100,
  };
  const existing = await jsm.consumers.info(stream, durable).catch(() => null);
  if (existing)
    await jsm.consumers.update(stream, durable, {
      filter_subject: config.filter_subject,
      ack_wait: config.ack_wait,
    });
  else await jsm.consumers.add(stream, config);

  const consumer = await js.consumers.get(stream, durable);
  const messages: ConsumerMessages = await consumer.consume({ max_messages: 20 });
  const loop = (async () => {
    for await (const message of messages) {
      let body: unknown;
      try {
        body = JSON.parse(decoder.decode(message.data));
      } catch {
        body = null;
      }
      try {
        const outcome = await handleSchedulingEvent(options.handler, body);
        message.ack();
        options.metrics?.schedulingProcessed.inc({ outcome });
        log.debug({ subject: message.subject, outcome }, 'scheduling event handled');
      } catch (error) {
        options.metrics?.schedulingProcessed.inc({ outcome: 'retry' });
        log.warn(
          { subject: message.subject, err: (error as Error).message },
          'scheduling event failed; will be redelivered',
        );
        message.nak(options.retryDelayMs ?? 5000);
      }
    }
  })();
  return {
    async stop() {
      messages.stop();
      await loop;
    },
  };
}
