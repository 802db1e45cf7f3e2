import { describe, expect, it } from 'vitest';
import type * as errors from '../src/errors/domain.errors';
import { DomainError, isDomainError } from '../src/errors/domain.errors';

type ErrorsModule = typeof errors;

describe('DomainError identity', () => {
  it('is recognised across two loaded copies of the module (bundlers can load two)', async () => {
    // A query string makes Vite load the file as a separate module instance.
    const secondCopy: string = '../src/errors/domain.errors.ts?second-copy';
    const copy = (await import(secondCopy)) as ErrorsModule;
    expect(copy.DomainError).not.toBe(DomainError);
    const fromCopy = new copy.DomainError('TOKEN_EXPIRED', 'The join link has expired');
    expect(fromCopy).toBeInstanceOf(DomainError);
    expect(isDomainError(fromCopy, 'TOKEN_EXPIRED')).toBe(true);
    expect(new DomainError('TOKEN_INVALID', 'x')).toBeInstanceOf(copy.DomainError);
  });

  it('does not recognise other errors or look-alikes', () => {
    expect(new Error('x')).not.toBeInstanceOf(DomainError);
    expect({ name: 'DomainError', code: 'TOKEN_EXPIRED' }).not.toBeInstanceOf(DomainError);
    expect(isDomainError(null)).toBe(false);
  });
});
