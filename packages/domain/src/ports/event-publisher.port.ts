import type { DomainEvent } from '../events/domain.events';

/** Outbox relay target (NATS JetStream). Publishing must be idempotent by event id. */
export interface EventPublisherPort {
  publish(events: readonly DomainEvent[]): Promise<void>;
}
