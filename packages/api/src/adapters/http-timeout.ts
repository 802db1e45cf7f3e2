/** The `fetch` signature the HTTP adapters accept, so tests and callers can inject one. */
export type FetchLike = (input: string | URL, init?: RequestInit) => Promise<Response>;

/**
 * One outbound HTTP call with a hard deadline. Every outside system sits behind this so that a hung
 * backend turns into a timely error instead of a hung request of ours.
 */
export async function fetchWithTimeout(
  fetchImpl: FetchLike,
  url: string | URL,
  init: RequestInit,
  timeoutMs: number,
): Promise<Response> {
  return fetchImpl(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
}

/** Short, secret-free description of a failed call (timeouts and network errors), for diagnostics. */
export function describeFetchError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'timed out';
    const cause = (error as Error & { cause?: { code?: unknown } }).cause;
    if (cause && typeof cause.code === 'string') return `network error (${cause.code})`;
    return 'network error';
  }
  return 'network error';
}

/** Joins a base URL and a path without doubling or dropping the slash between them. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
