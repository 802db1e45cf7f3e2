import type { VideoProviderHealth, VideoProviderHealthPort } from '@virtual-care/domain';
import { Agent, request } from 'undici';
import { describeHttpError } from './http-timeout';
import { parseJitsiServerUrl, type JitsiUrlPolicy } from './jitsi-server-url';
import {
  ForbiddenDestinationError,
  guardedLookup,
  literalHostRefusal,
  type HostResolver,
} from './outbound-address';

export interface JitsiHealthCheckDeps extends JitsiUrlPolicy {
  /** Deadline for connecting, for the answer's headers, and for its body (default 2000 ms each). */
  timeoutMs?: number;
  /**
   * Path of the health endpoint under the tenant's Jitsi server URL (default `/about/health`: the
   * endpoint jicofo and the videobridge expose, 200 healthy / 503 not; the deployment's reverse proxy
   * routes it, see docs/decisions/0004-video-backend-adapters.md).
   */
  healthPath?: string;
  /** How host names are resolved (default: the system resolver); every address is checked before it is dialled. */
  resolveHost?: HostResolver;
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
 * VideoProviderHealthPort for Jitsi: one GET of the tenant's health URL with deadlines, timed. Never
 * throws: an unreachable, slow or unhealthy backend is `{ healthy: false, reason }`, one over quota also
 * `quotaExceeded: true`. Every session creation asks, so it uses undici's `request` on its own keep-alive
 * pool rather than `fetch` (a fifth of the CPU per call, decision 0010); redirects are not followed.
 *
 * The URL is a tenant admin's: it may only reach a public address (loopback too under the demo flag), checked on the
 * literal and on every address its name resolves to, at connect time (decision 0038). A refused one is
 * `{ healthy: false, destinationRefused: true }`, without a byte sent.
 */
export function createJitsiHealthCheck(deps: JitsiHealthCheckDeps = {}): VideoProviderHealthPort {
  const timeoutMs = deps.timeoutMs ?? 2000;
  const healthPath = `/${(deps.healthPath ?? '/about/health').replace(/^\/+/, '')}`;
  const allowLoopback = deps.allowInsecureLoopback === true;
  const pool = new Agent({
    connect: {
      timeout: timeoutMs,
      lookup: guardedLookup({
        allowLoopback,
        ...(deps.resolveHost ? { resolve: deps.resolveHost } : {}),
      }),
    },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });

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
      if (literalHostRefusal(server.url.hostname, allowLoopback)) return refusedDestination(0);

      const started = performance.now();
      const latency = (): number => Math.round(performance.now() - started);
      try {
        const { statusCode: status, body } = await request(`${server.base}${healthPath}`, {
          method: 'GET',
          headers: { accept: 'application/json' },
          dispatcher: pool,
        });
        if (status >= 200 && status < 300) {
          await body.dump(); // read to the end, so the connection is reused
          return { healthy: true, latencyMs: latency() };
        }
        const text = await body.text().catch(() => '');
        const latencyMs = latency();
        if (isQuotaResponse(status, text))
          return {
            healthy: false,
            latencyMs,
            reason: `HTTP ${status} (quota exceeded)`,
            quotaExceeded: true,
          };
        if (status >= 300 && status < 400)
          return {
            healthy: false,
            latencyMs,
            reason: `HTTP ${status} (redirects are not followed)`,
          };
        return { healthy: false, latencyMs, reason: `HTTP ${status}` };
      } catch (error) {
        if (isRefusedDestination(error)) return refusedDestination(latency());
        return { healthy: false, latencyMs: latency(), reason: describeHttpError(error) };
      }
    },
  };
}

function refusedDestination(latencyMs: number): VideoProviderHealth {
  return {
    healthy: false,
    latencyMs,
    reason: 'the server address is private, loopback or link-local',
    destinationRefused: true,
  };
}

/** The lookup's refusal, as undici hands it on (itself, or as the cause of its own error). */
function isRefusedDestination(error: unknown): boolean {
  return (
    error instanceof ForbiddenDestinationError ||
    (error instanceof Error && error.cause instanceof ForbiddenDestinationError)
  );
}
