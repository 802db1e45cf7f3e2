/** Which limit refused a request (docs/operations.md lists them). */
export type RateLimitName = 'client' | 'tenant' | 'address' | 'join-failures';

/**
 * A request over one of the limits: answered 429 `TOO_MANY_REQUESTS` with a `Retry-After` header, on every way in
 * (renderError maps it; rateLimitHeaders adds the header).
 */
export class RateLimitedError extends Error {
  readonly code = 'TOO_MANY_REQUESTS';
  /** Whole seconds until the limit's window ends, at least 1. */
  readonly retryAfterSeconds: number;

  constructor(
    readonly limit: RateLimitName,
    retryAfterMs: number,
  ) {
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    super(`Too many requests: try again in ${seconds} seconds`);
    this.name = 'RateLimitedError';
    this.retryAfterSeconds = seconds;
  }
}

/** The `Retry-After` header for an error that is (or wraps, as tRPC does) a RateLimitedError; else none. */
export function rateLimitHeaders(error: unknown): Record<string, string> {
  const limited = rateLimitedErrorOf(error);
  return limited ? { 'retry-after': String(limited.retryAfterSeconds) } : {};
}

export function rateLimitedErrorOf(error: unknown): RateLimitedError | null {
  if (error instanceof RateLimitedError) return error;
  const cause = (error as { cause?: unknown } | null)?.cause;
  return cause instanceof RateLimitedError ? cause : null;
}
