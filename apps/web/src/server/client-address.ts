/**
 * The caller's address for the per-address sign-in limit. The first
 * X-Forwarded-For hop is only as trustworthy as the proxy in front of us; in
 * production that proxy must overwrite (not append to) the header.
 */
export function clientAddressFrom(get: (name: string) => string | null | undefined): string {
  const forwarded = get('x-forwarded-for')?.split(',')[0]?.trim();
  return forwarded || get('x-real-ip')?.trim() || 'unknown';
}
