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

/** The settings fields that have their own plain-words message (admin.fieldErrors.<field>). */
const WORDED_FIELDS = [
  'maxParticipants',
  'jitsiServerUrl',
  'mediasoupWsUrl',
  'brandingLogoUrl',
  'brandingPrimaryColor',
  'roomSlugPrefix',
  'sessionGraceMinutesBefore',
  'sessionGraceMinutesAfter',
  'graceReconnectSeconds',
  'fallbackVideoBackend',
] as const;

export type FieldErrorKey = (typeof WORDED_FIELDS)[number] | 'brandingLogoHost' | 'invalid';

/**
 * Which plain-words message (admin.fieldErrors.<key>) a field's rule gets, with its values: the server's
 * rule text ("must be between 2 and 20", "host is not on the allowlist") is for engineers and in English.
 */
export function fieldErrorMessage(
  field: string,
  reason: string,
): { key: FieldErrorKey; values: Record<string, number> } {
  if (field === 'maxParticipants') {
    const range = /between (\d+) and (\d+)/.exec(reason);
    return { key: field, values: { min: Number(range?.[1] ?? 2), max: Number(range?.[2] ?? 20) } };
  }
  if (field === 'brandingLogoUrl' && /allowlist/i.test(reason))
    return { key: 'brandingLogoHost', values: {} };
  if ((WORDED_FIELDS as readonly string[]).includes(field))
    return { key: field as FieldErrorKey, values: {} };
  return { key: 'invalid', values: {} };
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
