import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadWorkerEnv } from '../src/env';

describe('worker configuration', () => {
  it('names every bad variable', () => {
    expect(() =>
      loadWorkerEnv({ DATABASE_URL: 'mysql://x', NATS_URL: 'http://y', WORKER_HEALTH_PORT: 'abc' }),
    ).toThrow(
      /DATABASE_URL: must be a postgresql:\/\/ URL[\s\S]*NATS_URL: must be a nats:\/\/ URL[\s\S]*WORKER_HEALTH_PORT/,
    );
  });

  it('applies defaults', () => {
    const env = loadWorkerEnv({
      DATABASE_URL: 'postgresql://u:p@localhost:5432/db',
      JOIN_TOKEN_KEYS: `k1:${randomBytes(32).toString('base64url')}`,
      SECRET_STORE_MASTER_KEY: `m1:${randomBytes(32).toString('base64')}`,
    });
    expect(env).toMatchObject({ logLevel: 'info', healthPort: 9400 });
    expect(env.natsUrl).toBeNull();
  });
});
