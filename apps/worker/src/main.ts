import {
  createFhirGateway,
  createLocalEncounterStore,
  systemClock,
  ulidIds,
} from '@virtual-care/api';
import { createDatabase, pruneOutbox, readOutboxLag } from '@virtual-care/db';
import { connect, type NatsConnection } from 'nats';
import { pino, type Logger } from 'pino';
import { nextEncounterRetryDelay, runEncounterRetryPass } from './encounter-retry.job';
import { loadWorkerEnv, type WorkerEnv } from './env';
import { startHealthServer } from './health-server';
import { startIntervalJob, type IntervalJob } from './interval-job';
import { createMetrics } from './metrics';
import { OutboxRelay } from './outbox-relay';
import { runPresenceSweepPass } from './presence-sweep.job';
import { startSchedulingConsumer } from './scheduling.consumer';
import { createSessionFactory } from './session-factory';
import { ensureEventStream } from './stream';
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
  const log = pino({ level: env.LOG_LEVEL, base: { service: 'virtual-care-worker' } });
  const db = createDatabase({ url: env.DATABASE_URL, maxConnections: 8 });
  const metrics = createMetrics();
  const stoppables: Stoppable[] = [];
  const jobs: IntervalJob[] = [];
  const deps = {
    pool: db.pool,
    uow: db.unitOfWork,
    clock: systemClock,
    ids: ulidIds,
    log,
    metrics,
  };

  if (env.WORKER_JOBS.has('encounter')) {
    // The named demo adapter when no FHIR server is configured: it keeps Encounters in the database,
    // so the web app's and these retries' Encounters are one set (decision 0008).
    const fhir = env.FHIR_BASE_URL
      ? createFhirGateway({ baseUrl: env.FHIR_BASE_URL, timeoutMs: env.FHIR_TIMEOUT_MS })
      : createLocalEncounterStore({ uow: db.unitOfWork });
    if (!env.FHIR_BASE_URL)
      log.warn('FHIR_BASE_URL not set: Encounters go to the local demo store');
    let delay = env.ENCOUNTER_RETRY_INTERVAL_MS;
    jobs.push(
      startIntervalJob(
        'encounter-retry',
        () => delay,
        async () => {
          const result = await runEncounterRetryPass({ ...deps, fhir });
          delay = nextEncounterRetryDelay(
            delay,
            result.fhirDown,
            env.ENCOUNTER_RETRY_INTERVAL_MS,
            env.ENCOUNTER_RETRY_MAX_BACKOFF_MS,
          );
          if (result.fhirDown)
            log.warn(
              { pending: result.pending, retryInMs: delay },
              'FHIR server unavailable; encounters pending',
            );
        },
        log,
      ),
    );
  }
  if (env.WORKER_JOBS.has('presence')) {
    jobs.push(
      startIntervalJob(
        'presence-sweep',
        () => env.PRESENCE_SWEEP_INTERVAL_MS,
        async () => void (await runPresenceSweepPass(deps, env.HEARTBEAT_TIMEOUT_SECONDS)),
        log,
      ),
    );
  }
  if (env.WORKER_JOBS.has('prune')) {
    const retentionSeconds = env.OUTBOX_RETENTION_DAYS * 86_400;
    jobs.push(
      startIntervalJob(
        'outbox-prune',
        () => env.OUTBOX_PRUNE_INTERVAL_MS,
        async () => {
          const pruned = await pruneOutbox(db.pool, retentionSeconds);
          if (pruned > 0) log.info({ pruned }, 'published outbox rows pruned');
        },
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
        const lag = await readOutboxLag(db.pool);
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
  if (env.NATS_URL) {
    void startMessaging(env, log, () => stopping, db, metrics, deps, stoppables).then(
      (connection) => {
        nats = connection;
      },
    );
  } else {
    log.warn('NATS_URL not set: the outbox relay and the scheduling consumer are off');
  }

  const health = await startHealthServer(
    env.WORKER_HEALTH_PORT,
    async () => ({
      database: await db.pool.query('SELECT 1').then(
        () => 'ok' as const,
        () => 'down' as const,
      ),
      nats: !env.NATS_URL ? 'not_configured' : nats && !nats.isClosed() ? 'ok' : 'down',
    }),
    metrics.registry,
  );
  log.info({ healthPort: env.WORKER_HEALTH_PORT, jobs: [...env.WORKER_JOBS] }, 'worker started');

  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    health.close();
    // Finish the batch / pass in hand, then close: an interrupted batch would only be re-published.
    await Promise.all([...stoppables, ...jobs].map((s) => s.stop().catch(() => undefined)));
    const connection: NatsConnection | null = nats;
    await connection?.drain().catch(() => undefined);
    await db.close();
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
): Promise<NatsConnection | null> {
  const connection = await connect({
    servers: env.NATS_URL,
    name: 'virtual-care-worker',
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    waitOnFirstConnect: true,
  });
  log.info({ server: connection.getServer() }, 'connected to NATS');
  const jsm = await connection.jetstreamManager();
  for (let attempt = 0; !stopping(); attempt++) {
    try {
      await ensureEventStream(jsm, {
        name: env.NATS_STREAM,
        subjectPrefix: env.NATS_SUBJECT_PREFIX,
        duplicateWindowSeconds: env.NATS_DUPLICATE_WINDOW_SECONDS,
        replicas: env.NATS_STREAM_REPLICAS,
      });
      break;
    } catch (error) {
      log.warn({ err: (error as Error).message }, 'JetStream stream set-up failed; retrying');
      await sleep(Math.min(500 * 2 ** attempt, 10_000));
    }
  }
  if (stopping()) return connection;
  const js = connection.jetstream();
  if (env.WORKER_JOBS.has('relay')) {
    const relay = new OutboxRelay({
      pool: db.pool,
      js,
      log,
      metrics,
      listenUrl: env.DATABASE_URL,
      subjectPrefix: env.NATS_SUBJECT_PREFIX,
      batchSize: env.OUTBOX_BATCH_SIZE,
      pollMs: env.OUTBOX_POLL_MS,
      publishTimeoutMs: env.NATS_PUBLISH_TIMEOUT_MS,
    });
    await relay.start();
    stoppables.push(relay);
    log.info({ stream: env.NATS_STREAM }, 'outbox relay started');
  }
  if (env.WORKER_JOBS.has('scheduling')) {
    try {
      const createSession = createSessionFactory(db, {
        accessPolicyUrl: env.ACCESS_POLICY_URL,
        secretStoreMasterKey: env.SECRET_STORE_MASTER_KEY,
        allowInsecureLoopback: env.VIDEO_ALLOW_LOOPBACK_HTTP,
      });
      const consumer = await startSchedulingConsumer({
        js,
        jsm,
        stream: env.SCHEDULING_STREAM,
        subjectPrefix: env.SCHEDULING_SUBJECT_PREFIX,
        durable: env.SCHEDULING_CONSUMER,
        handler: { ...deps, createSession },
        log,
        metrics,
      });
      stoppables.push(consumer);
      log.info({ stream: env.SCHEDULING_STREAM }, 'scheduling consumer started');
    } catch (error) {
      log.error({ err: (error as Error).message }, 'scheduling consumer not started');
    }
  }
  return connection;
}

void main();
