import { DomainError } from '@virtual-care/domain';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * The request's `Idempotency-Key`: 1-255 printable ASCII characters without spaces (docs/api.md), or null when
 * absent. A malformed key is refused rather than ignored: ignoring it would run a retried create twice.
 */
export function idempotencyKeyOf(request: Request): string | null {
  const key = request.headers.get('idempotency-key');
  if (key === null) return null;
  if (IDEMPOTENCY_KEY.test(key)) return key;
  throw new DomainError(
    'VALIDATION_FAILED',
    'The Idempotency-Key header must be 1-255 printable characters without spaces',
    { header: 'Idempotency-Key' },
  );
}
