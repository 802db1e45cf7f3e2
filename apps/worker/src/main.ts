import {
  activeTraceContext,
  createLogger,
  createServices,
  startMetricsServer,
  type ApiServices,
  type Logger,
} from '@virtual-care/api';
import { createDatabase } from '@virtual-care/db';
import { createVirtualSession, type CreateVirtualSessionCommand } from '@virtual-care/domain';
import {
  jetstream,
  jetstreamManager,
  type JetStreamClient,
  type JetStreamManager,
} from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { nextEncounterRetryDelay, runEncounterRetryPass } from './encounter-retry.job';
import { runAttachmentSweepPass } from './attachment-sweep.job';
import { loadWorkerEnv, type WorkerEnv } from './env';
import { runHousekeepingPass } from './housekeeping.job';
import { startFallbackConsumer } from './fallback.consumer';
import { startIntervalJob, type IntervalJob } from './interval-job';
import { createMetrics } from './metrics';
import { OutboxRelay } from './outbox-relay';
import { runPresenceSweepPass } from './presence-sweep.job';
import { runTranscriptExpiryPass, TRANSCRIPT_EXPIRY_INTERVAL_MS } from './transcript-expiry.job';
import { startSchedulingConsumer } from './scheduling.consumer';
import { ensureEventStream } from './stream';
import { shutdownTelemetry } from './telemetry';
import { sleep } from './wake-signal';

type Stoppable = { stop(): Promise<void> };

async function main() {
  let env: WorkerEnv;
  try {
    env = loadWorkerEnv();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  // The web app's logger: one redaction list for both processes (decision 0039).
  const log = createLogger({ level: env.logLevel, name: 'virtual-care-worker' });
  // Events written in a consumer's or job's span keep its trace (decision 0042).
  const db = createDatabase({
    url: env.databaseUrl,
    maxConnections: env.databasePoolSize,
    traceContext: activeTraceContext,
  });
  // Before any job: a role that bypasses row-level security would sweep every tenant unconfined (decision 0033).
  try {
    await db.confirmLoginRole((error, retryInMs) =>
      log.warn({ err: error, retryInMs }, 'database unreachable; login role not checked yet'),
    );
  } catch (error) {
    log.fatal((error as Error).message);
    process.exit(1);
  }
  // The use-case dependencies wired as for the web app, from the same config slices (packages/api's root).
  const metrics = createMetrics({ census: db.scans });
  const services = createServices(env, { db, logger: log, metrics });
  const stoppables: Stoppable[] = [];
  const jobs: IntervalJob[] = [];
  const deps = {
    scans: db.scans,
    uow: db.unitOfWork,
    clock: services.deps.clock,
    ids: services.deps.ids,
    log,
    metrics,
  };

  if (env.jobs.has('encounter')) {
    // FHIR_BASE_URL's gateway, or the named demo store that keeps Encounters in the database, so the web
    // app's and these retries' Encounters are one set (decision 0008).
    const { fhir } = services.deps;
    if (services.encounters)
      log.warn('FHIR_BASE_URL not set: Encounters go to the local demo store');
    let delay = env.encounterRetryIntervalMs;
    jobs.push(
      startIntervalJob(
        'encounter-retry',
        () => delay,
        async () => {
          const result = await runEncounterRetryPass({ ...deps, fhir });
          delay = nextEncounterRetryDelay(
            delay,
            result.fhirDown,
            env.encounterRetryIntervalMs,
            env.encounterRetryMaxBackoffMs,
          );
          if (result.fhirDown)
            log.warn(
              { pending: result.pending, retryInMs: delay, reason: result.outageReason },
              'FHIR server unavailable; encounters pending',
            );
        },
        log,
      ),
    );
  }
  if (env.jobs.has('presence')) {
    jobs.push(
      startIntervalJob(
        'presence-sweep',
        () => env.presenceSweepIntervalMs,
        async () => void (await runPresenceSweepPass(deps, env.heartbeatTimeoutSeconds)),
        log,
      ),
    );
  }
  if (env.jobs.has('prune')) {
    const retentionSeconds = env.outboxRetentionDays * 86_400;
    jobs.push(
      startIntervalJob(
        'outbox-prune',
        () => env.outboxPruneIntervalMs,
        async () => {
          const pruned = await db.outbox.prune(retentionSeconds);
          if (pruned > 0) log.info({ pruned }, 'published outbox rows pruned');
        },
        log,
      ),
      startIntervalJob(
        'transcript-expiry',
        () => TRANSCRIPT_EXPIRY_INTERVAL_MS,
        async () => void (await runTranscriptExpiryPass(deps)),
        log,
      ),
      startIntervalJob(
        'housekeeping',
        () => env.outboxPruneIntervalMs,
        async () =>
          void (await runHousekeepingPass(
            { housekeeping: db.housekeeping, log },
            env.inboxRetentionDays,
          )),
        log,
      ),
    );
  }
  if (env.jobs.has('attachments')) {
    // Hourly is plenty against a retention counted in days; the first pass runs at start.
    jobs.push(
      startIntervalJob(
        'attachment-sweep',
        () => 3_600_000,
        async () =>
          void (await runAttachmentSweepPass(
            { ...deps, attachments: services.attachments },
            env.attachmentUnclaimedRetentionHours,
          )),
        log,
      ),
    );
  }
  // Outbox lag: for /metrics and a periodic log line (counts only).
  jobs.push(
    startIntervalJob(
      'outbox-lag',
      () => 15_000,
      async () => {
        const lag = await db.outbox.lag();
        metrics.outboxUnpublished.set(lag.unpublished);
        metrics.outboxOldestAgeSeconds.set(lag.oldestAgeSeconds);
        log.info(
          {
            outboxUnpublished: lag.unpublished,
            outboxOldestAgeSeconds: Math.round(lag.oldestAgeSeconds * 10) / 10,
          },
          'outbox lag',
        );
      },
      log,
    ),
  );

  let nats: NatsConnection | null = null;
  let stopping = false;
  if (env.natsUrl) {
    void startMessaging(env, log, () => stopping, db, metrics, deps, stoppables, services).then(
      (connection) => {
        nats = connection;
      },
    );
  } else {
    log.warn('NATS_URL not set: the outbox relay and the event consumers are off');
  }

  const health = await startMetricsServer({
    port: env.healthPort,
    host: env.healthHost,
    registry: metrics.registry,
    ready: async () => ({
      database: await db.ping().then(
        () => 'ok' as const,
        () => 'down' as const,
      ),
      nats: !env.natsUrl ? 'not_configured' : nats && !nats.isClosed() ? 'ok' : 'down',
    }),
  });
  log.info(
    { healthPort: env.healthPort, healthHost: env.healthHost, jobs: [...env.jobs] },
    'worker started',
  );

  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    health.close();
    // Finish the batch / pass in hand, then close: an interrupted batch would only be re-published.
    await Promise.all([...stoppables, ...jobs].map((s) => s.stop().catch(() => undefined)));
    const connection: NatsConnection | null = nats;
    await connection?.drain().catch(() => undefined);
    await services.close();
    await db.close();
    await shutdownTelemetry();
    log.info('stopped');
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

/** Connects (retrying forever: the worker runs while NATS is down), sets up the stream, starts relay and consumer. */
async function startMessaging(
  env: WorkerEnv,
  log: Logger,
  stopping: () => boolean,
  db: ReturnType<typeof createDatabase>,
  metrics: ReturnType<typeof createMetrics>,
  deps: Parameters<typeof runPresenceSweepPass>[0],
  stoppables: Stoppable[],
  services: ApiServices,
): Promise<NatsConnection | null> {
  const connection = await connect({
    servers: env.natsUrl ?? undefined, // called only when NATS_URL is set
    name: 'virtual-care-worker',
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    waitOnFirstConnect: true,
  });
  log.info({ server: connection.getServer() }, 'connected to NATS');
  // No account check here: while a NATS cluster elects its JetStream leader it times out, and the set-up below retries.
  const jsm = await jetstreamManager(connection, { checkAPI: false });
  for (let attempt = 0; !stopping(); attempt++) {
    try {
      await ensureEventStream(jsm, {
        name: env.natsStream,
        subjectPrefix: env.natsSubjectPrefix,
        duplicateWindowSeconds: env.natsDuplicateWindowSeconds,
        replicas: env.natsStreamReplicas,
      });
      break;
    } catch (error) {
      log.warn({ err: error }, 'JetStream stream set-up failed; retrying');
      await sleep(Math.min(500 * 2 ** attempt, 10_000));
    }
  }
  if (stopping()) return connection;
  const js = jetstream(connection);
  // Before the relay: a new durable starts at new events, so on a first start this relay's events are not missed.
  if (env.jobs.has('fallback'))
    await startFallback(env, log, js, jsm, services, metrics, stoppables);
  if (env.jobs.has('relay')) {
    const relay = new OutboxRelay({
      outbox: db.outbox,
      js,
      log,
      metrics,
      listenUrl: env.databaseUrl,
      subjectPrefix: env.natsSubjectPrefix,
      batchSize: env.outboxBatchSize,
      pollMs: env.outboxPollMs,
      publishTimeoutMs: env.natsPublishTimeoutMs,
    });
    await relay.start();
    stoppables.push(relay);
    log.info({ stream: env.natsStream }, 'outbox relay started');
  }
  if (env.jobs.has('scheduling')) {
    try {
      const createSession = (command: CreateVirtualSessionCommand) =>
        createVirtualSession(services.deps, command);
      const consumer = await startSchedulingConsumer({
        js,
        jsm,
        stream: env.schedulingStream,
        subjectPrefix: env.schedulingSubjectPrefix,
        durable: env.schedulingConsumer,
        deadLetterPrefix: env.natsSubjectPrefix,
        handler: { ...deps, inbox: db.inbox, scans: db.scans, createSession },
        log,
        metrics,
      });
      stoppables.push(consumer);
      log.info({ stream: env.schedulingStream }, 'scheduling consumer started');
    } catch (error) {
      log.error({ err: error }, 'scheduling consumer not started');
    }
  }
  return connection;
}

/** Failed sessions (and fallbacks asked for while communication-service was down) continue in messages. */
async function startFallback(
  env: WorkerEnv,
  log: Logger,
  js: JetStreamClient,
  jsm: JetStreamManager,
  services: ApiServices,
  metrics: ReturnType<typeof createMetrics>,
  stoppables: Stoppable[],
): Promise<void> {
  if (!env.communicationServiceUrl) {
    log.warn(
      'COMMUNICATION_SERVICE_URL not set: failed sessions do not continue in a messaging thread',
    );
    return;
  }
  try {
    const consumer = await startFallbackConsumer({
      js,
      jsm,
      stream: env.natsStream,
      subjectPrefix: env.natsSubjectPrefix,
      durable: env.fallbackConsumer,
      handler: { ...services.deps, log },
      log,
      metrics,
    });
    stoppables.push(consumer);
    log.info({ stream: env.natsStream }, 'fallback consumer started');
  } catch (error) {
    log.error({ err: error }, 'fallback consumer not started');
  }
}

void main();
