import type { VideoProviderHealth, VideoProviderHealthPort } from '@virtual-care/domain';
import { describeFetchError, fetchWithTimeout, type FetchLike } from './http-timeout';
import { isQuotaResponse } from './jitsi-meet.adapter';
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
 * VideoProviderHealthPort for Jitsi: one GET of the tenant's health URL with a deadline, timed. Never
 * throws: an unreachable, slow or unhealthy backend is `{ healthy: false, reason }`.
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
        const reason = isQuotaResponse(response.status, body)
          ? `HTTP ${response.status} (quota exceeded)`
          : `HTTP ${response.status}`;
        return { healthy: false, latencyMs, reason };
      } catch (error) {
        return { healthy: false, latencyMs: latency(), reason: describeFetchError(error) };
      }
    },
  };
}
