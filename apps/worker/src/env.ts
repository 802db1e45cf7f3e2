import {
  apiEnvSlice,
  listenHostSchema,
  loadEnv,
  subjectTokenSchema,
  type ApiConfig,
  type EnvSource,
} from '@virtual-care/api';
import { dbEnvSlice, type DbConfig } from '@virtual-care/db';
import { DEFAULT_UNCLAIMED_ATTACHMENT_RETENTION_HOURS } from '@virtual-care/domain';
import { z } from 'zod';

const JOBS = [
  'relay',
  'encounter',
  'presence',
  'scheduling',
  'fallback',
  'prune',
  'attachments',
] as const;
export type WorkerJob = (typeof JOBS)[number];

/** JetStream stream and durable consumer names. */
const natsName = z.string().regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, _ and -');
const count = (min: number) => z.coerce.number().int().min(min);

/** The worker's own variables: its jobs and their pace. The database's and the session API's come from their slices. */
export const workerEnvSlice = z
  .object({
    WORKER_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).default(9400),
    /** Where the health and metrics server listens: this host only by default; 0.0.0.0 in a container (decision 0043). */
    WORKER_HEALTH_HOST: listenHostSchema.default('127.0.0.1'),
    /** Which jobs this process runs (comma list); all by default. */
    WORKER_JOBS: z
      .string()
      .default(JOBS.join(','))
      .transform(
        (v) =>
          new Set(
            v
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean),
          ),
      )
      .pipe(z.set(z.enum(JOBS))),
    /** JetStream stream for our events; it captures `<NATS_SUBJECT_PREFIX>.>`. */
    NATS_STREAM: natsName.default('VIRTUAL_CARE'),
    /** Longer than any NATS outage the relay should ride out without duplicates (docs/operations.md). */
    NATS_DUPLICATE_WINDOW_SECONDS: count(1).default(120),
    /** Stream replicas: 1 locally, 3 in production (docs/operations.md). */
    NATS_STREAM_REPLICAS: count(1).max(5).default(1),
    NATS_PUBLISH_TIMEOUT_MS: count(100).default(5000),
    OUTBOX_BATCH_SIZE: count(1).max(5000).default(500),
    /** Fallback poll when no NOTIFY arrives (e.g. a LISTEN connection lost). */
    OUTBOX_POLL_MS: count(10).default(1000),
    OUTBOX_RETENTION_DAYS: z.coerce.number().min(0).default(7),
    OUTBOX_PRUNE_INTERVAL_MS: count(1000).default(3_600_000),
    /** Processed scheduling events kept for de-duplication; far longer than any redelivery (decision 0034). */
    INBOX_RETENTION_DAYS: count(1).default(14),
    /** How often ended sessions without an Encounter are retried; capped backoff keeps the 5-minute bound. */
    ENCOUNTER_RETRY_INTERVAL_MS: count(100).default(15_000),
    ENCOUNTER_RETRY_MAX_BACKOFF_MS: count(100).default(60_000),
    /**
     * Every second: a visit that lost its patient fails, and continues in messages, within about a second of its
     * grace window (US-008); a pass is one indexed query when no visit is live.
     */
    PRESENCE_SWEEP_INTERVAL_MS: count(50).default(1000),
    HEARTBEAT_TIMEOUT_SECONDS: count(1).default(30),
    /** Scheduling events: stream (created if missing, for local runs), subjects and durable consumer. */
    SCHEDULING_STREAM: natsName.default('SCHEDULING'),
    SCHEDULING_SUBJECT_PREFIX: subjectTokenSchema.default('scheduling'),
    SCHEDULING_CONSUMER: natsName.default('virtual-care-scheduling'),
    /** Durable consumer that opens a failed session's messaging thread (US-008), on NATS_STREAM. */
    FALLBACK_CONSUMER: natsName.default('virtual-care-fallback'),
    /** A photo no async visit names is removed this long after its upload (decision 0030). */
    ATTACHMENT_UNCLAIMED_RETENTION_HOURS: count(1).default(
      DEFAULT_UNCLAIMED_ATTACHMENT_RETENTION_HOURS,
    ),
  })
  .transform((env) => ({
    healthPort: env.WORKER_HEALTH_PORT,
    healthHost: env.WORKER_HEALTH_HOST,
    jobs: env.WORKER_JOBS,
    natsStream: env.NATS_STREAM,
    natsDuplicateWindowSeconds: env.NATS_DUPLICATE_WINDOW_SECONDS,
    natsStreamReplicas: env.NATS_STREAM_REPLICAS,
    natsPublishTimeoutMs: env.NATS_PUBLISH_TIMEOUT_MS,
    outboxBatchSize: env.OUTBOX_BATCH_SIZE,
    outboxPollMs: env.OUTBOX_POLL_MS,
    outboxRetentionDays: env.OUTBOX_RETENTION_DAYS,
    outboxPruneIntervalMs: env.OUTBOX_PRUNE_INTERVAL_MS,
    inboxRetentionDays: env.INBOX_RETENTION_DAYS,
    encounterRetryIntervalMs: env.ENCOUNTER_RETRY_INTERVAL_MS,
    encounterRetryMaxBackoffMs: env.ENCOUNTER_RETRY_MAX_BACKOFF_MS,
    presenceSweepIntervalMs: env.PRESENCE_SWEEP_INTERVAL_MS,
    heartbeatTimeoutSeconds: env.HEARTBEAT_TIMEOUT_SECONDS,
    schedulingStream: env.SCHEDULING_STREAM,
    schedulingSubjectPrefix: env.SCHEDULING_SUBJECT_PREFIX,
    schedulingConsumer: env.SCHEDULING_CONSUMER,
    fallbackConsumer: env.FALLBACK_CONSUMER,
    attachmentUnclaimedRetentionHours: env.ATTACHMENT_UNCLAIMED_RETENTION_HOURS,
  }));

export type WorkerEnv = DbConfig & ApiConfig & z.output<typeof workerEnvSlice>;

/** Validates the worker's environment once (the only place it reads process.env), naming every bad variable. */
export function loadWorkerEnv(source: EnvSource = process.env): WorkerEnv {
  return loadEnv('apps/worker', [dbEnvSlice, apiEnvSlice, workerEnvSlice], source);
}
