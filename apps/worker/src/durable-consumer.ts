import {
  AckPolicy,
  DeliverPolicy,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import { headers } from '@nats-io/transport-node';
import { inProcessSpan } from '@virtual-care/api/telemetry';
import type { Logger } from 'pino';
import type { WorkerMetrics } from './metrics';

const decoder = new TextDecoder();

/** A message's JSON body; null when it is not JSON (the handler rejects it like any malformed event). */
export function jsonBodyOf(message: JsMsg): unknown {
  try {
    return JSON.parse(decoder.decode(message.data));
  } catch {
    return null;
  }
}

/** Why a message left its consumer for the dead-letter subject. */
export type DeadLetterReason = 'malformed' | 'max_deliver';

/**
 * A handled message is acknowledged, handed back to be redelivered after a delay, or dead-lettered at once (it
 * can never be handled: redelivery would only repeat the refusal).
 */
export type Settlement =
  { ack: true } | { ack: false; retryInMs: number } | { deadLetter: 'malformed' };

/** The delay before delivery `deliveryCount + 1` (deliveries count from 1); the last delay repeats. */
export function retryDelay(deliveryCount: number, delays: readonly [number, ...number[]]): number {
  return delays[Math.min(Math.max(deliveryCount, 1), delays.length) - 1] ?? delays[0];
}

/** `<prefix>.dead_letter.<durable>`: where a consumer's poison messages go (docs/events.md). */
export const deadLetterSubject = (subjectPrefix: string, durable: string) =>
  `${subjectPrefix}.dead_letter.${durable}`;

/** Headers of a dead-lettered message: its payload is the original, byte for byte. */
export const DEAD_LETTER_HEADERS = {
  consumer: 'Vc-Dead-Letter-Consumer',
  reason: 'Vc-Dead-Letter-Reason',
  deliveries: 'Vc-Dead-Letter-Deliveries',
  subject: 'Vc-Dead-Letter-Subject',
  stream: 'Vc-Dead-Letter-Stream',
  streamSequence: 'Vc-Dead-Letter-Stream-Sequence',
} as const;

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
  /** Deliveries before a still-failing message is dead-lettered (default 10). */
  maxDeliver?: number;
  /** Our own subject prefix (NATS_SUBJECT_PREFIX): dead letters are kept in our events stream. */
  deadLetterPrefix: string;
  log: Logger;
  metrics?: WorkerMetrics;
}

const NANOS_PER_MS = 1_000_000;
const ACK_WAIT_MS = 30_000;
const DEFAULT_MAX_DELIVER = 10;

/**
 * A durable pull consumer with explicit acks. A message is acknowledged only once its handler settles it; a
 * transient failure is nak'ed with a delay (redelivered), a crash leaves it unacknowledged (redelivered after
 * ack_wait). A message still failing at its `maxDeliver`-th delivery, or a malformed one at
 * once, is republished to the dead-letter subject and terminated. Several workers share the durable, so each
 * message goes to one of them at a time.
 */
export async function startDurableConsumer(
  options: DurableConsumerOptions,
): Promise<{ stop(): Promise<void> }> {
  const { js, jsm, stream, durable, log } = options;
  const maxDeliver = options.maxDeliver ?? DEFAULT_MAX_DELIVER;
  const [only, ...more] = options.filterSubjects;
  const filter =
    more.length === 0 ? { filter_subject: only } : { filter_subjects: [only, ...more] };
  const redelivery = {
    ack_wait: ACK_WAIT_MS * NANOS_PER_MS,
    // One spare delivery: a dead-letter publish that failed on the last try is tried again. No server-side
    // `backoff`: it overrides the nak delays by which each consumer backs off (decision 0031).
    max_deliver: maxDeliver + 1,
  };
  const existing = await jsm.consumers.info(stream, durable).catch(() => null);
  if (existing) await jsm.consumers.update(stream, durable, { ...filter, ...redelivery });
  else
    await jsm.consumers.add(stream, {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: options.deliverPolicy ?? DeliverPolicy.All,
      max_ack_pending: 100,
      ...redelivery,
      ...filter,
    });

  const deadLetter = async (message: JsMsg, reason: DeadLetterReason) => {
    const h = headers();
    h.set(DEAD_LETTER_HEADERS.consumer, durable);
    h.set(DEAD_LETTER_HEADERS.reason, reason);
    h.set(DEAD_LETTER_HEADERS.deliveries, String(message.info.deliveryCount));
    h.set(DEAD_LETTER_HEADERS.subject, message.subject);
    h.set(DEAD_LETTER_HEADERS.stream, message.info.stream);
    h.set(DEAD_LETTER_HEADERS.streamSequence, String(message.info.streamSequence));
    // The msgID makes a repeated dead-lettering of one message (the spare delivery) a duplicate JetStream drops.
    await js.publish(deadLetterSubject(options.deadLetterPrefix, durable), message.data, {
      headers: h,
      msgID: `dead_letter:${durable}:${message.info.stream}:${message.info.streamSequence}`,
    });
    message.term(reason);
    options.metrics?.deadLettered.inc({ consumer: durable, reason });
    // Ids and reason only: the payload may hold patient data.
    log.error(
      {
        consumer: durable,
        reason,
        deliveries: message.info.deliveryCount,
        subject: message.subject,
        streamSequence: message.info.streamSequence,
      },
      'message dead-lettered',
    );
  };

  // In the trace the message's headers carry (the relay's publish span), so one visit is one trace (decision 0042).
  const handleInSpan = (message: JsMsg) =>
    inProcessSpan(durable, message.subject, message.headers, async (span) => {
      const settlement = await options.handle(message);
      span.setAttribute(
        'virtual_care.settlement',
        'deadLetter' in settlement ? 'dead_letter' : settlement.ack ? 'ack' : 'retry',
      );
      return settlement;
    });

  const settle = async (message: JsMsg) => {
    let settlement: Settlement;
    try {
      settlement = await handleInSpan(message);
    } catch (error) {
      log.warn(
        { subject: message.subject, err: error },
        'event handling failed; will be redelivered',
      );
      settlement = { ack: false, retryInMs: options.failureRetryMs ?? 5000 };
    }
    if ('deadLetter' in settlement) await deadLetter(message, settlement.deadLetter);
    else if (settlement.ack) message.ack();
    else if (message.info.deliveryCount >= maxDeliver) await deadLetter(message, 'max_deliver');
    else message.nak(settlement.retryInMs);
  };

  const consumer = await js.consumers.get(stream, durable);
  const messages: ConsumerMessages = await consumer.consume({ max_messages: 20 });
  const loop = (async () => {
    for await (const message of messages) {
      await settle(message).catch((error: Error) => {
        // The dead-letter publish failed: redelivered (the spare delivery), dead-lettered again then.
        log.error(
          { subject: message.subject, consumer: durable, err: error },
          'dead-lettering failed; will be redelivered',
        );
        message.nak(options.failureRetryMs ?? 5000);
      });
    }
  })();
  return {
    async stop() {
      messages.stop();
      await loop;
    },
  };
}
