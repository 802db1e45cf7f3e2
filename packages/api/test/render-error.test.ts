import { TRPCError } from '@trpc/server';
import { DomainError } from '@virtual-care/domain';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { IdempotencyKeyReusedError } from '../src/composition/idempotency.store';
import { ERROR_CODES, ERROR_STATUS } from '../src/edge/error-status';
import { renderError } from '../src/edge/render-error';

describe('the error status table (at the edge)', () => {
  it('every code maps to an HTTP status and tRPC code; the seed table values hold', () => {
    expect(ERROR_CODES.length).toBe(Object.keys(ERROR_STATUS).length);
    const status = (code: keyof typeof ERROR_STATUS) => ERROR_STATUS[code].httpStatus;
    expect(status('VIDEO_PROVIDER_UNAVAILABLE')).toBe(503);
    expect(status('CONSENT_REQUIRED')).toBe(403);
    expect(status('MODULE_NOT_LICENSED')).toBe(403);
    expect(status('INVALID_STATUS_TRANSITION')).toBe(409);
    expect(status('OPTIMISTIC_LOCK_CONFLICT')).toBe(409);
    expect(status('PARTICIPANT_NOT_IN_WAITING_ROOM')).toBe(409);
    expect(status('TOKEN_EXPIRED')).toBe(401);
    expect(status('MAX_PARTICIPANTS_EXCEEDED')).toBe(422);
    expect(status('PROVIDER_QUOTA_EXCEEDED')).toBe(503);
    expect(status('CONSENT_SERVICE_UNAVAILABLE')).toBe(503);
  });
});

describe('renderError: one answer for every way in', () => {
  const domain = new DomainError('INVALID_STATUS_TRANSITION', 'The session is ended', {
    currentStatus: 'ended',
  });

  it('a domain error keeps its code, message and details, bare or wrapped by tRPC', () => {
    const expected = {
      httpStatus: 409,
      trpcCode: 'CONFLICT',
      body: {
        code: 'INVALID_STATUS_TRANSITION',
        message: 'The session is ended',
        details: { currentStatus: 'ended' },
      },
    };
    expect(renderError(domain)).toEqual(expected);
    expect(renderError(new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause: domain }))).toEqual(
      expected,
    );
  });

  it('invalid input lists its issues under VALIDATION_FAILED', () => {
    const parsed = z.object({ n: z.number() }).safeParse({ n: 'x' });
    const rendered = renderError(parsed.error);
    expect(rendered).toMatchObject({ httpStatus: 400, body: { code: 'VALIDATION_FAILED' } });
    expect(rendered.body.details).toEqual([{ path: 'n', message: expect.any(String) as string }]);
  });

  it("tRPC's own refusals get the spec's codes; anything unexpected is 500 INTERNAL, message withheld", () => {
    expect(renderError(new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in' }))).toMatchObject({
      httpStatus: 401,
      body: { code: 'UNAUTHENTICATED', message: 'Sign in' },
    });
    expect(renderError(new TRPCError({ code: 'PARSE_ERROR' })).body.message).toBe(
      'The request body is not valid JSON',
    );
    for (const error of [
      new Error('password authentication failed for user "app"'),
      new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause: new Error('row (Jane Doe) ...') }),
    ]) {
      expect(renderError(error)).toEqual({
        httpStatus: 500,
        trpcCode: 'INTERNAL_SERVER_ERROR',
        body: { code: 'INTERNAL', message: 'Internal server error', details: null },
      });
    }
  });

  it('a reused idempotency key is 422 IDEMPOTENCY_KEY_REUSED', () => {
    expect(renderError(new IdempotencyKeyReusedError('used for another request'))).toMatchObject({
      httpStatus: 422,
      body: { code: 'IDEMPOTENCY_KEY_REUSED' },
    });
  });
});
