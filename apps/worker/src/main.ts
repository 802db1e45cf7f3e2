import { connect, type NatsConnection } from 'nats';
import pg from 'pg';
import { pino } from 'pino';
import { loadWorkerEnv } from './env';
import { startHealthServer } from './health-server';

async function main() {
  let env;
  try {
    env = loadWorkerEnv();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  const log = pino({ level: env.LOG_LEVEL, base: { service: 'virtual-care-worker' } });
  const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: 4 });
  let nats: NatsConnection | null = null;
  if (env.NATS_URL) {
    // Keep trying in the background: the worker must start even while NATS is down.
    connect({ servers: env.NATS_URL, name: 'virtual-care-worker', maxReconnectAttempts: -1, waitOnFirstConnect: true })
      .then((connection) => {
        nats = connection;
        log.info({ server: connection.getServer() }, 'connected to NATS');
      })
      .catch((error: Error) => log.error({ err: error.message }, 'NATS connection failed'));
  }

  const health = await startHealthServer(env.WORKER_HEALTH_PORT, async () => ({
    database: await pool.query('SELECT 1').then(() => 'ok' as const, () => 'down' as const),
    nats: !env.NATS_URL ? 'not_configured' : nats && !nats.isClosed() ? 'ok' : 'down',
  }));
  log.info({ healthPort: env.WORKER_HEALTH_PORT }, 'worker started');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    health.close();
    await nats?.drain().catch(() => undefined);
    await pool.end();
    log.info('stopped');
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

void main();
