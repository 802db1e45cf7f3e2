import type { TenantVirtualCareConfigRecord } from '../records/tenant-config.record';
import type { VideoBackend } from '../records/virtual-session.record';

export interface VideoProviderHealth {
  healthy: boolean;
  latencyMs: number;
  /** Diagnostic when unhealthy (e.g. "HTTP 503"); never a secret. */
  reason?: string;
  /** Unhealthy because the backend refuses for capacity (PROVIDER_QUOTA_EXCEEDED: the fallback may serve). */
  quotaExceeded?: boolean;
}

/** Never throws for an unreachable backend: that is `{ healthy: false }`. */
export interface VideoProviderHealthPort {
  check(input: {
    tenantId: string;
    backend: VideoBackend;
    config: TenantVirtualCareConfigRecord;
  }): Promise<VideoProviderHealth>;
}
