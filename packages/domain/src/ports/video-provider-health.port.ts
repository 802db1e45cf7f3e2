import type { TenantVirtualCareConfigRecord } from '../records/tenant-config.record';
import type { VideoBackend } from '../records/virtual-session.record';

export interface VideoProviderHealth {
  healthy: boolean;
  latencyMs: number;
  /** Diagnostic when unhealthy (e.g. "HTTP 503"); never a secret. */
  reason?: string;
  /** Unhealthy because the backend refuses for capacity (PROVIDER_QUOTA_EXCEEDED: the fallback may serve). */
  quotaExceeded?: boolean;
  /**
   * Unhealthy because the server's address is one this service does not call (private, loopback, link-local): a
   * setting to correct, not an outage. Nothing was sent to it.
   */
  destinationRefused?: boolean;
}

/** Never throws for an unreachable backend: that is `{ healthy: false }`. */
export interface VideoProviderHealthPort {
  check(input: {
    tenantId: string;
    backend: VideoBackend;
    config: TenantVirtualCareConfigRecord;
  }): Promise<VideoProviderHealth>;
}
