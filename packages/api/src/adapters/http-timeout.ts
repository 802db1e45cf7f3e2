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

const UNDICI_TIMEOUTS = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/**
 * Short, secret-free description of a failed call, for diagnostics: "timed out", or the network error's code.
 * Serves `fetch` (an abort, or a TypeError whose cause has the code) and undici's `request` (the code on the error).
 */
export function describeHttpError(error: unknown): string {
  if (!(error instanceof Error)) return 'network error';
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'timed out';
  const own = (error as Error & { code?: unknown }).code;
  if (typeof own === 'string')
    return UNDICI_TIMEOUTS.has(own) ? 'timed out' : `network error (${own})`;
  const cause = (error as Error & { cause?: { code?: unknown } }).cause;
  if (cause && typeof cause.code === 'string') return `network error (${cause.code})`;
  return 'network error';
}

/** Joins a base URL and a path without doubling or dropping the slash between them. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
