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
    const env = loadWorkerEnv({ DATABASE_URL: 'postgresql://u:p@localhost:5432/db' });
    expect(env).toMatchObject({ LOG_LEVEL: 'info', WORKER_HEALTH_PORT: 9400 });
    expect(env.NATS_URL).toBeUndefined();
  });
});
