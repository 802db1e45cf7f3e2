import { describe, expect, it } from 'vitest';
import { checkReadiness } from '../src/features/health/readiness';

const ok = async () => {};
const down = async () => {
  throw new Error('ECONNREFUSED');
};

describe('checkReadiness', () => {
  it('is ready when both answer', async () => {
    expect(await checkReadiness({ database: ok, nats: ok })).toEqual({
      status: 'ready',
      checks: { database: 'ok', nats: 'ok' },
    });
  });

  it('is ready without NATS configured, and says so', async () => {
    expect(await checkReadiness({ database: ok, nats: null })).toEqual({
      status: 'ready',
      checks: { database: 'ok', nats: 'not_configured' },
    });
  });

  it('names what failed, including a probe that hangs', async () => {
    const hang = () => new Promise<void>(() => {});
    expect(await checkReadiness({ database: down, nats: hang, timeoutMs: 50 })).toEqual({
      status: 'not_ready',
      checks: { database: 'unreachable', nats: 'unreachable' },
    });
  });
});
