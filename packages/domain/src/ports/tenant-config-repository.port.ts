import type { TenantVirtualCareConfigRecord } from '../records/tenant-config.record';

export interface TenantConfigRepository {
  get(tenantId: string): Promise<TenantVirtualCareConfigRecord | null>;
  /** expectedVersion null = insert; otherwise writes only if stored version matches; false on mismatch. */
  save(config: TenantVirtualCareConfigRecord, expectedVersion: number | null): Promise<boolean>;
}
