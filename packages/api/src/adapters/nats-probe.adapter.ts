import { connect } from '@nats-io/transport-node';

/** Connects, flushes (a round trip to the server) and closes: proves NATS answers right now. */
export function createNatsProbe(servers: string, timeoutMs = 2000): () => Promise<void> {
  return async () => {
    const nc = await connect({
      servers,
      timeout: timeoutMs,
      reconnect: false,
      maxReconnectAttempts: 0,
    });
    try {
      await nc.flush();
    } finally {
      await nc.close();
    }
  };
}
