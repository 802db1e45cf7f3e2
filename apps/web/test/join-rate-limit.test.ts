import { RateLimitedError } from '@virtual-care/api';
import { DomainError } from '@virtual-care/domain';
import { describe, expect, it } from 'vitest';
import { tooManyRequestsResponse } from '../src/app/join/_lib/join-server';

describe('the join routes answer a rate limit like every other way in (decision 0035)', () => {
  it('429 TOO_MANY_REQUESTS with Retry-After in seconds and the limit named', async () => {
    const response = tooManyRequestsResponse(new RateLimitedError('join-failures', 29_001));
    expect(response?.status).toBe(429);
    expect(response?.headers.get('retry-after')).toBe('30');
    expect(response?.headers.get('cache-control')).toBe('no-store');
    expect(await response?.json()).toEqual({
      code: 'TOO_MANY_REQUESTS',
      message: 'Too many requests: try again in 30 seconds',
      details: { limit: 'join-failures', retryAfterSeconds: 30 },
    });
  });

  it('leaves any other refusal to the join route', () => {
    expect(tooManyRequestsResponse(new DomainError('TOKEN_INVALID', 'not valid'))).toBeNull();
  });
});
