import {
  AckPolicy,
  DeliverPolicy,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import type { Logger } from 'pino';

const decoder = new TextDecoder();

/** A message's JSON body; null when it is not JSON (the handler rejects it like any malformed event). */
export function jsonBodyOf(message: JsMsg): unknown {
  try {
    return JSON.parse(decoder.decode(message.data));
  } catch {
    return null;
  }
}

/** A handled message is acknowledged, or handed back to be redelivered after a delay. */
export type Settlement = { ack: true } | { ack: false; retryInMs: number };

export interface DurableConsumerOptions {
  js: JetStreamClient;
  jsm: JetStreamManager;
  stream: string;
  durable: string;
  filterSubjects: [string, ...string[]];
  /** Where a new durable starts: every stored message (default), or only those published from now on. */
  deliverPolicy?: DeliverPolicy;
  /** Settles one message; throwing counts as a transient failure (redelivered after `failureRetryMs`). */
  handle(message: JsMsg): Promise<Settlement>;
  failureRetryMs?: number;
  log: Logger;
}

const ACK_WAIT_NS = 30_000_000_000;

/**
 * A durable pull consumer with explicit acks. A message is acknowledged only once its handler settles it; a
 * transient failure is nak'ed with a delay (redelivered), a crash leaves it unacknowledged (redelivered after
 * ack_wait). Several workers share the durable, so each message goes to one of them at a time.
 */
export async function startDurableConsumer(
  options: DurableConsumerOptions,
): Promise<{ stop(): Promise<void> }> {
  const { js, jsm, stream, durable, log } = options;
  const [only, ...more] = options.filterSubjects;
  const filter =
    more.length === 0 ? { filter_subject: only } : { filter_subjects: [only, ...more] };
  const existing = await jsm.consumers.info(stream, durable).catch(() => null);
  if (existing) await jsm.consumers.update(stream, durable, { ...filter, ack_wait: ACK_WAIT_NS });
  else
    await jsm.consumers.add(stream, {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: options.deliverPolicy ?? DeliverPolicy.All,
      ack_wait: ACK_WAIT_NS,
      max_ack_pending: 100,
      ...filter,
    });

  const consumer = await js.consumers.get(stream, durable);
  const messages: ConsumerMessages = await consumer.consume({ max_messages: 20 });
  const loop = (async () => {
    for await (const message of messages) {
      let settlement: Settlement;
      try {
        settlement = await options.handle(message);
      } catch (error) {
        log.warn(
          { subject: message.subject, err: (error as Error).message },
          'event handling failed; will be redelivered',
        );
        settlement = { ack: false, retryInMs: options.failureRetryMs ?? 5000 };
      }
      if (settlement.ack) message.ack();
      else message.nak(settlement.retryInMs);
    }
  })();
  return {
    async stop() {
      messages.stop();
      await loop;
    },
  };
}
