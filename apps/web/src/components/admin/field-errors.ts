import { TRPCClientError } from '@trpc/client';

/**
 * Per-field messages from an API error: the domain's VALIDATION_FAILED (`details.reasons`: "field: rule") and the
 * input schema's (`details: [{ path, message }]`). Messages name rules, never values.
 */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof TRPCClientError)) return {};
  const data = (error as TRPCClientError<never>).data as
    { code?: string; details?: unknown } | undefined;
  if (data?.code !== 'VALIDATION_FAILED') return {};
  const found: Record<string, string> = {};
  const details = data.details as
    { reasons?: unknown } | Array<{ path?: unknown; message?: unknown }> | null | undefined;
  if (Array.isArray(details)) {
    for (const issue of details)
      if (typeof issue.path === 'string' && typeof issue.message === 'string')
        found[issue.path] = issue.message;
  } else if (details && Array.isArray(details.reasons)) {
    for (const reason of details.reasons) {
      if (typeof reason !== 'string') continue;
      const colon = reason.indexOf(': ');
      if (colon > 0) found[reason.slice(0, colon)] = reason.slice(colon + 2);
    }
  }
  return found;
}

/** `details.currentVersion` of an OPTIMISTIC_LOCK_CONFLICT, else null. */
export function conflictVersion(error: unknown): number | null {
  if (!(error instanceof TRPCClientError)) return null;
  const data = (error as TRPCClientError<never>).data as
    { code?: string; details?: { currentVersion?: unknown } } | undefined;
  return data?.code === 'OPTIMISTIC_LOCK_CONFLICT' &&
    typeof data.details?.currentVersion === 'number'
    ? data.details.currentVersion
    : null;
}
