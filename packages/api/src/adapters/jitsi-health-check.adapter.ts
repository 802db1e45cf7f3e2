import type { VideoProviderHealth, VideoProviderHealthPort } from '@virtual-care/domain';
import { describeFetchError, fetchWithTimeout, type FetchLike } from './http-timeout';
import { parseJitsiServerUrl, type JitsiUrlPolicy } from './jitsi-server-url';

export interface JitsiHealthCheckDeps extends JitsiUrlPolicy {
  /** Deadline for the health request (default 2000 ms). */
  timeoutMs?: number;
  /**
   * Path of the health endpoint under the tenant's Jitsi server URL (default `/about/health`: the
   * endpoint jicofo and the videobridge expose, 200 healthy / 503 not; the deployment's reverse proxy
   * routes it, see docs/decisions/0004-video-backend-adapters.md).
   */
  healthPath?: string;
  fetch?: FetchLike;
}

/**
 * A deployment refusing for capacity (JaaS, or a rate-limiting proxy in front of a self-hosted one) answers
 * 429, or an error body naming a quota; both mean PROVIDER_QUOTA_EXCEEDED, so the caller can try the secondary
 * backend.
 */
function isQuotaResponse(status: number, body: string): boolean {
  if (status === 429) return true;
  if (status < 400) return false;
  return /quota|rate[ _-]?limit|too many/i.test(body.slice(0, 2000));
}

/**
 * VideoProviderHealthPort for Jitsi: one GET of the tenant's health URL with a deadline, timed. Never
 * throws: an unreachable, slow or unhealthy backend is `{ healthy: false, reason }`, one over quota also
 * `quotaExceeded: true`.
 */
export function createJitsiHealthCheck(deps: JitsiHealthCheckDeps = {}): VideoProviderHealthPort {
  const timeoutMs = deps.timeoutMs ?? 2000;
  const healthPath = `/${(deps.healthPath ?? '/about/health').replace(/^\/+/, '')}`;
  const fetchImpl: FetchLike = deps.fetch ?? fetch;

  return {
    async check({ backend, config }): Promise<VideoProviderHealth> {
      if (backend !== 'jitsi') {
        return {
          healthy: false,
          latencyMs: 0,
          reason: `backend ${backend} is not supported by this deployment`,
        };
      }
      const server = parseJitsiServerUrl(config.jitsiServerUrl, deps);
      if (!server.ok) return { healthy: false, latencyMs: 0, reason: server.reason };

      const started = performance.now();
      const latency = (): number => Math.round(performance.now() - started);
      try {
        const response = await fetchWithTimeout(
          fetchImpl,
          `${server.base}${healthPath}`,
          { method: 'GET', redirect: 'manual', headers: { accept: 'application/json' } },
          timeoutMs,
        );
        const body = await response.text().catch(() => '');
        const latencyMs = latency();
        if (response.ok) return { healthy: true, latencyMs };
        if (isQuotaResponse(response.status, body))
          return {
            healthy: false,
            latencyMs,
            reason: `HTTP ${response.status} (quota exceeded)`,
            quotaExceeded: true,
          };
        return { healthy: false, latencyMs, reason: `HTTP ${response.status}` };
      } catch (error) {
        return { healthy: false, latencyMs: latency(), reason: describeFetchError(error) };
      }
    },
  };
}
