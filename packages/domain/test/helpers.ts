import { expect } from 'vitest';
import { DomainError, type ErrorCode } from '../src/errors/domain.errors';

/** Awaits a rejection and checks it is the DomainError with that code. */
export async function expectCode(
  p: Promise<unknown> | (() => unknown),
  code: ErrorCode,
): Promise<DomainError> {
  let error: unknown = null;
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  return error as DomainError;
}
