import { DomainError, type TenantVirtualCareConfigRecord } from '@virtual-care/domain';

export interface JitsiUrlPolicy {
  /**
   * Allow `http://` for loopback hosts (127.0.0.1, ::1, localhost). Only the demo and the tests turn
   * this on, for the local Jitsi stand-in; every other server must be HTTPS.
   */
  allowInsecureLoopback?: boolean;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * The tenant's Jitsi server as a URL without a trailing slash, or a reason it cannot be used.
 * Shared by the room/JWT adapter and the health check so both apply the same HTTPS rule.
 */
export function parseJitsiServerUrl(
  raw: string | null,
  policy: JitsiUrlPolicy,
): { ok: true; url: URL; base: string } | { ok: false; reason: string } {
  if (!raw) return { ok: false, reason: 'no Jitsi server URL is configured for this tenant' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'the configured Jitsi server URL is not a valid URL' };
  }
  const loopback = LOOPBACK_HOSTS.has(url.hostname);
  const allowed =
    url.protocol === 'https:' ||
    (url.protocol === 'http:' && loopback && policy.allowInsecureLoopback === true);
  if (!allowed) return { ok: false, reason: 'the Jitsi server URL must use https' };
  if (url.username || url.password || url.search || url.hash) {
    return {
      ok: false,
      reason: 'the Jitsi server URL must not carry credentials, a query or a fragment',
    };
  }
  const base = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  return { ok: true, url, base };
}

/** Same as `parseJitsiServerUrl` for callers that must fail: VIDEO_PROVIDER_UNAVAILABLE with the reason. */
export function requireJitsiServerUrl(
  config: TenantVirtualCareConfigRecord,
  policy: JitsiUrlPolicy,
): { url: URL; base: string } {
  const parsed = parseJitsiServerUrl(config.jitsiServerUrl, policy);
  if (!parsed.ok) {
    throw new DomainError('VIDEO_PROVIDER_UNAVAILABLE', `Jitsi is not usable: ${parsed.reason}`, {
      backend: 'jitsi',
    });
  }
  return parsed;
}

/** Only Jitsi is implemented in this deployment; other backends are refused with a clear message. */
export function assertJitsiBackend(backend: string): void {
  if (backend !== 'jitsi') {
    throw new DomainError(
      'VIDEO_PROVIDER_UNAVAILABLE',
      `Video backend ${backend} is not supported by this deployment`,
      {
        backend,
      },
    );
  }
}
