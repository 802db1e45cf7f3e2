import { createDomainMetrics, type DomainMetrics } from '@virtual-care/api';
import type { WorkerScanStore } from '@virtual-care/db';
import { OPEN_SESSION_STATUSES } from '@virtual-care/domain';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The worker's Prometheus metrics, one registry per process (exposed on GET /metrics), the session API's
 * (DomainMetrics: its Encounter rejections are the web app's series too) among them.
 */
export interface WorkerMetrics extends DomainMetrics {
  outboxUnpublished: Gauge;
  outboxOldestAgeSeconds: Gauge;
  relayPublished: Counter;
  relayBatches: Counter;
  relayErrors: Counter;
  relayBatchSeconds: Histogram;
  relayLagSeconds: Histogram;
  encounterRetryQueue: Gauge;
  encountersCreated: Counter;
  /** Visits continued in a messaging thread, counted once each from its event as the relay publishes it. */
  fallbacks: Counter<'session_status'>;
  presenceDisconnected: Counter;
  noShows: Counter;
  sessionsFailed: Counter;
  schedulingProcessed: Counter;
  fallbackProcessed: Counter;
  deadLettered: Counter;
  unclaimedAttachmentsRemoved: Counter;
}

export interface MetricsOptions {
  /** Node's own process figures; off in tests that make several registries. */
  defaults?: boolean;
  /** Where the open sessions and the waiting room are counted from at scrape time (the worker role reads all tenants). */
  census?: Pick<WorkerScanStore, 'sessionCensus'>;
  /** How long one census answers every scrape: many scrapers, one query. */
  censusTtlMs?: number;
}

export function createMetrics(options: MetricsOptions = {}): WorkerMetrics {
  const registry = new Registry();
  if (options.defaults ?? true)
    collectDefaultMetrics({ register: registry, prefix: 'virtual_care_worker_' });
  const registers = [registry];
  if (options.census) registerCensus(registry, options.census, options.censusTtlMs ?? 5000);
  return {
    ...createDomainMetrics(registry),
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
    fallbacks: new Counter({
      name: 'virtual_care_fallbacks_total',
      help: 'Visits continued in a messaging thread (session.fallback.initiated.v1), by the status the visit had then (active, failed)',
      labelNames: ['session_status'],
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

/**
 * `virtual_care_sessions{status}` and `virtual_care_waiting_room_participants`, read when Prometheus scrapes: one
 * statement across tenants (SessionCensus), its answer kept `ttlMs` so that several scrapers cost one query.
 */
function registerCensus(
  registry: Registry,
  census: Pick<WorkerScanStore, 'sessionCensus'>,
  ttlMs: number,
): void {
  let last: {
    at: number;
    answer: Promise<Awaited<ReturnType<WorkerScanStore['sessionCensus']>>>;
  } | null = null;
  const read = () => {
    const now = Date.now();
    if (!last || now - last.at >= ttlMs) {
      const answer = census.sessionCensus();
      // A failed read is not kept: the next scrape asks again.
      answer.catch(() => (last = null));
      last = { at: now, answer };
    }
    return last.answer;
  };
  new Gauge({
    name: 'virtual_care_sessions',
    help: 'Open sessions (scheduled, waiting, active) across tenants, by status',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      const { sessionsByStatus } = await read();
      for (const status of OPEN_SESSION_STATUSES)
        this.set({ status }, sessionsByStatus[status] ?? 0);
    },
  });
  new Gauge({
    name: 'virtual_care_waiting_room_participants',
    help: 'Participants waiting to be admitted in open sessions, across tenants',
    registers: [registry],
    async collect() {
      this.set((await read()).waiting);
    },
  });
}
