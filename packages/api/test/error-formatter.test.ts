import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { DomainError } from '@virtual-care/domain';
import { z } from 'zod';
import { createContext } from '../src/edge/context';
import { toClientErrorData } from '../src/edge/error-formatter';
import { createCallerFactory, publicProcedure, router } from '../src/edge/trpc';

describe('error shape', () => {
  it('withholds the message of an unexpected error', () => {
    const error = new TRPCError({
      code: 'INTERNAL_SERVER_ERROR',
      cause: new Error('db password is hunter2'),
    });
    // The spec's code for an unexpected error, as REST and the join routes answer it too.
    expect(toClientErrorData(error, 500, 'x')).toMatchObject({
      code: 'INTERNAL',
      message: 'Internal server error',
      details: null,
    });
  });

  it('keeps a domain error code, message and details', () => {
    const cause = new DomainError('CONSENT_REQUIRED', 'Telehealth consent is required', {
      gate: 'telehealth_consent',
    });
    const error = new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause });
    expect(toClientErrorData(error, 500, 'x')).toMatchObject({
      code: 'CONSENT_REQUIRED',
      message: 'Telehealth consent is required',
      details: { gate: 'telehealth_consent' },
    });
  });

  it('lists input issues for invalid input', async () => {
    const caller = createCallerFactory(
      router({
        echo: publicProcedure.input(z.object({ n: z.number() })).query(({ input }) => input.n),
      }),
    )(createContext(null));
    const error = await caller.echo({ n: 'x' as unknown as number }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    const data = toClientErrorData(error as TRPCError, 400, 'echo');
    expect(data.code).toBe('VALIDATION_FAILED');
    expect(data.details).toEqual([{ path: 'n', message: expect.any(String) as string }]);
  });
});
