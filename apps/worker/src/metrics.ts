import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The worker's Prometheus metrics, one registry per process (exposed on GET /metrics). */
export interface WorkerMetrics {
  registry: Registry;
  outboxUnpublished: Gauge;
  outboxOldestAgeSeconds: Gauge;
  relayPublished: Counter;
  relayBatches: Counter;
  relayErrors: Counter;
  relayBatchSeconds: Histogram;
  relayLagSeconds: Histogram;
  encounterRetryQueue: Gauge;
  encountersCreated: Counter;
  encounterRejections: Counter;
  presenceDisconnected: Counter;
  noShows: Counter;
  sessionsFailed: Counter;
  schedulingProcessed: Counter;
  fallbackProcessed: Counter;
  deadLettered: Counter;
  unclaimedAttachmentsRemoved: Counter;
}

export function createMetrics(options: { defaults?: boolean } = {}): WorkerMetrics {
  const registry = new Registry();
  if (options.defaults ?? true)
    collectDefaultMetrics({ register: registry, prefix: 'virtual_care_worker_' });
  const registers = [registry];
  return {
    registry,
    outboxUnpublished: new Gauge({
      name: 'virtual_care_outbox_unpublished',
      help: 'Unpublished outbox rows',
      registers,
    }),
    outboxOldestAgeSeconds: new Gauge({
      name: 'virtual_care_outbox_oldest_unpublished_age_seconds',
      help: 'Age of the oldest unpublished outbox row',
      registers,
    }),
    relayPublished: new Counter({
      name: 'virtual_care_relay_published_total',
      help: 'Events published to JetStream',
      registers,
    }),
    relayBatches: new Counter({
      name: 'virtual_care_relay_batches_total',
      help: 'Relay batches committed',
      registers,
    }),
    relayErrors: new Counter({
      name: 'virtual_care_relay_errors_total',
      help: 'Relay batches rolled back',
      registers,
    }),
    relayBatchSeconds: new Histogram({
      name: 'virtual_care_relay_batch_seconds',
      help: 'Claim -> publish -> mark duration per batch',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    relayLagSeconds: new Histogram({
      name: 'virtual_care_relay_lag_seconds',
      help: 'Outbox insert -> JetStream ack, per event',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 5, 30],
      registers,
    }),
    encounterRetryQueue: new Gauge({
      name: 'virtual_care_encounter_retry_queue',
      help: 'Ended sessions still waiting for their FHIR Encounter',
      registers,
    }),
    encountersCreated: new Counter({
      name: 'virtual_care_encounter_retry_created_total',
      help: 'Encounters created by the retry job',
      registers,
    }),
    encounterRejections: new Counter({
      name: 'virtual_care_encounter_rejections_total',
      help: 'Encounters the FHIR server refused for good (4xx other than 408/429); recorded on the session, not retried',
      registers,
    }),
    presenceDisconnected: new Counter({
      name: 'virtual_care_presence_disconnected_total',
      help: 'Participants marked disconnected',
      registers,
    }),
    noShows: new Counter({
      name: 'virtual_care_no_shows_total',
      help: 'Visits cancelled because the patient never came within the grace window',
      registers,
    }),
    sessionsFailed: new Counter({
      name: 'virtual_care_sessions_failed_total',
      help: 'Sessions failed after the grace window',
      registers,
    }),
    schedulingProcessed: new Counter({
      name: 'virtual_care_scheduling_events_total',
      help: 'Scheduling events handled',
      labelNames: ['outcome'],
      registers,
    }),
    fallbackProcessed: new Counter({
      name: 'virtual_care_fallback_triggers_total',
      help: 'Failed sessions and queued fallback requests handled (linked, closed, rejected, retry)',
      labelNames: ['outcome'],
      registers,
    }),
    deadLettered: new Counter({
      name: 'virtual_care_dead_letters_total',
      help: 'Messages a durable consumer gave up on and republished to its dead-letter subject (malformed, max_deliver)',
      labelNames: ['consumer', 'reason'],
      registers,
    }),
    unclaimedAttachmentsRemoved: new Counter({
      name: 'virtual_care_unclaimed_attachments_removed_total',
      help: 'Photos removed because no async visit named them within the retention',
      registers,
    }),
  };
}
