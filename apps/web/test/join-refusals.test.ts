import { DomainError } from '@virtual-care/domain';
import { describe, expect, it } from 'vitest';
import { refusalResponse } from '../src/app/join/_lib/join-server';

/** What a join route answers the patient's page for a refusal: the code's own status, the kind page, the spec code. */
async function answered(error: DomainError) {
  const response = refusalResponse(error, 'req-1', 'join.test');
  return { status: response.status, body: (await response.json()) as unknown };
}

describe('the join routes answer each refusal with its own status (issue 19)', () => {
  it('bad input is 400, an expired link 401, a removed patient 403, a closed visit 409', async () => {
    expect(await answered(new DomainError('VALIDATION_FAILED', 'body is required'))).toEqual({
      status: 400,
      body: { problem: 'invalid', code: 'VALIDATION_FAILED', requestId: 'req-1' },
    });
    expect(await answered(new DomainError('TOKEN_EXPIRED', 'expired'))).toEqual({
      status: 401,
      body: { problem: 'expired', code: 'TOKEN_EXPIRED', requestId: 'req-1' },
    });
    expect(await answered(new DomainError('PARTICIPANT_REMOVED', 'removed'))).toEqual({
      status: 403,
      body: { problem: 'removed', code: 'PARTICIPANT_REMOVED', requestId: 'req-1' },
    });
    expect(
      await answered(
        new DomainError('INVALID_STATUS_TRANSITION', 'closed', { currentStatus: 'cancelled' }),
      ),
    ).toEqual({
      status: 409,
      body: { problem: 'cancelled', code: 'INVALID_STATUS_TRANSITION', requestId: 'req-1' },
    });
  });
});
