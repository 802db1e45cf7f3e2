/**
 * The window every date a client sends must fall in (a visit's start and end, a list's from and to): nothing this
 * service holds predates 2000, and no clinic books a visit more than two years ahead. A year-9999 date is a typo or
 * a probe, refused before it reaches a table or an index.
 */
export const EARLIEST_PLAUSIBLE_INSTANT = new Date('2000-01-01T00:00:00Z');
export const MAX_YEARS_AHEAD = 2;

/** The latest plausible instant at `now`. */
export function latestPlausibleInstant(now: Date): Date {
  const latest = new Date(now.getTime());
  latest.setUTCFullYear(latest.getUTCFullYear() + MAX_YEARS_AHEAD);
  return latest;
}

/** Why `at` is outside the window at `now`, or null when it is inside. */
export function implausibleInstantReason(at: Date, now: Date): string | null {
  if (Number.isNaN(at.getTime())) return 'must be a date-time';
  if (at.getTime() < EARLIEST_PLAUSIBLE_INSTANT.getTime()) return 'must not be before 2000';
  if (at.getTime() > latestPlausibleInstant(now).getTime())
    return `must not be more than ${MAX_YEARS_AHEAD} years ahead`;
  return null;
}
