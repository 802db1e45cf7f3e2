/**
 * The caller's address, for the per-address limits: the entry `trustedProxyHops` from the right of
 * X-Forwarded-For, the one the outermost proxy we trust appended (entries left of it are whatever the client sent).
 * Fewer entries than hops (the request bypassed a proxy) gives the leftmost; no header or 0 hops gives null, and
 * per-address limits then do not apply (a shared "unknown" bucket would let one caller block everyone).
 */
export function clientAddressOf(headers: Headers, trustedProxyHops: number): string | null {
  if (trustedProxyHops < 1) return null;
  const hops = headers
    .get('x-forwarded-for')
    ?.split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (!hops?.length) return null;
  return hops[Math.max(0, hops.length - trustedProxyHops)]!;
}
