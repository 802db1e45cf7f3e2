import { DeliverPolicy, jetstream, type ConsumerMessages } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { sleep } from './http-server';

export interface FallbackEventsOptions {
  natsUrl: string;
  /** NATS_SUBJECT_PREFIX of the product: subjects are `<prefix>.<tenantId>.session.fallback.initiated.v1`. */
  subjectPrefix: string;
  /** The JetStream stream the worker publishes into (NATS_STREAM). */
  stream: string;
}

export interface FallbackInitiated {
  tenantId: string;
  sessionId: string;
  /** The thread id the session recorded, when the event carries one. */
  id?: string;
}

const RETRY_MS = 1000;

/**
 * Feeds every `session.fallback.initiated.v1` of the events stream to `onEvent`, through an ordered consumer
 * delivering from the start of the stream. Why that and not a durable consumer or a plain subscription: the
 * stand-in keeps its threads in memory, so after a restart it must see the past events again (a durable would
 * resume after them and lose those threads), and events published while it was down must not be missed (a plain
 * subscription would). Opening a thread is idempotent by session id, so seeing an event twice is harmless. The
 * worker creates the stream; until it exists this waits and retries, the HTTP protocol working meanwhile.
 */
export async function consumeFallbackEvents(
  options: FallbackEventsOptions,
  onEvent: (event: FallbackInitiated) => void,
): Promise<{ stop(): Promise<void> }> {
  const nc = await connect({
    servers: options.natsUrl,
    name: 'communication-service-stand-in',
    maxReconnectAttempts: -1,
  });
  const js = jetstream(nc);
  let stopped = false;
  let messages: ConsumerMessages | undefined;

  const loop = (async () => {
    while (!stopped) {
      try {
        const consumer = await js.consumers.get(options.stream, {
          filter_subjects: `${options.subjectPrefix}.*.session.fallback.initiated.v1`,
          deliver_policy: DeliverPolicy.All,
        });
        messages = await consumer.consume();
        if (stopped) messages.stop();
        for await (const message of messages) {
          const event = parse(message.subject, message.string());
          if (event) onEvent(event);
        }
      } catch {
        // the stream does not exist yet, or NATS went away: try again shortly
      }
      if (!stopped) await sleep(RETRY_MS);
    }
  })();

  return {
    stop: async () => {
      stopped = true;
      messages?.stop();
      await loop;
      await nc.close();
    },
  };
}

/** The tenant comes from the subject (decision 0018), the session and thread from the CloudEvent's data. */
function parse(subject: string, text: string): FallbackInitiated | null {
  const tenantId = subject.split('.')[1];
  try {
    const event = JSON.parse(text) as {
      data?: { sessionId?: unknown; messagingThreadId?: unknown };
    };
    const { sessionId, messagingThreadId } = event.data ?? {};
    if (!tenantId || typeof sessionId !== 'string' || sessionId.length === 0) return null;
    return {
      tenantId,
      sessionId,
      ...(typeof messagingThreadId === 'string' ? { id: messagingThreadId } : {}),
    };
  } catch {
    return null;
  }
}
