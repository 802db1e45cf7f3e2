/**
 * Opaque keyset cursor for session lists: base64url of `[scheduledStart ISO, id]`.
 * Microseconds are lost in a JS Date, but sessions are written from JS Dates (ms), so
 * the position is exact.
 */
export function encodeCursor(scheduledStart: Date, id: string): string {
  return Buffer.from(JSON.stringify([scheduledStart.toISOString(), id])).toString('base64url');
}

/** Returns null for a malformed cursor. */
export function decodeCursor(cursor: string): { scheduledStart: Date; id: string } | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed) || parsed.length !== 2) return null;
    const [start, id] = parsed as unknown[];
    const scheduledStart = new Date(String(start));
    if (typeof id !== 'string' || Number.isNaN(scheduledStart.getTime())) return null;
    return { scheduledStart, id };
  } catch {
    return null;
  }
}
