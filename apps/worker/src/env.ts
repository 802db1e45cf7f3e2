import { z } from 'zod';

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');
/** JetStream stream and durable consumer names. */
const natsName = z.string().regex(/^[A-Za-z0-9_-]+$/);
/** The first token of the subjects a stream captures (`<prefix>.>`). */
const subjectPrefix = z.string().regex(/^[a-z0-9_]+$/);

const schema = z.object({
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgresql:// URL' }),
  NATS_URL: z.url({ protocol: /^(nats|tls)$/, error: 'must be a nats:// URL' }).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
  WORKER_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).default(9400),
  /** Which jobs this process runs (comma list); all by default. */
  WORKER_JOBS: z
    .string()
    .default('relay,encounter,presence,scheduling,prune')
    .transform(
      (v) =>
        new Set(
          v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        ),
    )
    .pipe(z.set(z.enum(['relay', 'encounter', 'presence', 'scheduling', 'prune']))),
  /** JetStream stream for our events and the subject prefix it captures (`<prefix>.>`). */
  NATS_STREAM: natsName.default('VIRTUAL_CARE'),
  NATS_SUBJECT_PREFIX: subjectPrefix.default('virtual_care'),
  /** Longer than any NATS outage the relay should ride out without duplicates (docs/operations.md). */
  NATS_DUPLICATE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(120),
  /** Stream replicas: 1 locally, 3 in production (docs/operations.md). */
  NATS_STREAM_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
  NATS_PUBLISH_TIMEOUT_MS: z.coerce.number().int().min(100).default(5000),
  OUTBOX_BATCH_SIZE: z.coerce.number().int().min(1).max(5000).default(500),
  /** Fallback poll when no NOTIFY arrives (e.g. a LISTEN connection lost). */
  OUTBOX_POLL_MS: z.coerce.number().int().min(10).default(1000),
  OUTBOX_RETENTION_DAYS: z.coerce.number().min(0).default(7),
  OUTBOX_PRUNE_INTERVAL_MS: z.coerce.number().int().min(1000).default(3_600_000),
  /** FHIR R4 base URL; without it Encounters go to the local demo store (in the database, decision 0008). */
  FHIR_BASE_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  FHIR_TIMEOUT_MS: z.coerce.number().int().min(100).default(5000),
  /** How often ended sessions without an Encounter are retried; capped backoff keeps the 5-minute bound. */
  ENCOUNTER_RETRY_INTERVAL_MS: z.coerce.number().int().min(100).default(15_000),
  ENCOUNTER_RETRY_MAX_BACKOFF_MS: z.coerce.number().int().min(100).default(60_000),
  PRESENCE_SWEEP_INTERVAL_MS: z.coerce.number().int().min(50).default(5000),
  HEARTBEAT_TIMEOUT_SECONDS: z.coerce.number().int().min(1).default(30),
  /** Scheduling events: stream (created if missing, for local runs), subjects and durable consumer. */
  SCHEDULING_STREAM: natsName.default('SCHEDULING'),
  SCHEDULING_SUBJECT_PREFIX: subjectPrefix.default('scheduling'),
  SCHEDULING_CONSUMER: natsName.default('virtual-care-scheduling'),
  ACCESS_POLICY_URL: z.url().optional(),
  /** Unwraps tenants' Jitsi secrets when the scheduling consumer provisions rooms. */
  SECRET_STORE_MASTER_KEY: z.string().min(1).optional(),
  VIDEO_ALLOW_LOOPBACK_HTTP: flag.default(false),
});

export type WorkerEnv = z.infer<typeof schema>;
export type WorkerJob = WorkerEnv['WORKER_JOBS'] extends Set<infer J> ? J : never;

/** Validates the worker's environment once, naming every bad variable. */
export function loadWorkerEnv(source: Record<string, string | undefined> = process.env): WorkerEnv {
  const parsed = schema.safeParse(source);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (issue) => `  ${issue.path.join('.')}: ${issue.message}`,
  );
  throw new Error(`Invalid worker configuration:\n${problems.join('\n')}`);
}
