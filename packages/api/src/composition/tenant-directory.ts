import type { DirectoryStore, PatientSummary } from '@virtual-care/db';
import type { Clock, TenantVirtualCareConfigRecord } from '@virtual-care/domain';
import { ExpiringCache } from './expiring-cache';

export type { PatientSummary };

/**
 * Read-side look-ups the session pages need besides the use cases' answers: tenant names, the video
 * configuration, the patient registry with consent flags (the db's directory store), remembered briefly.
 */
export interface TenantDirectory {
  tenantName(tenantId: string): Promise<string | null>;
  /** Cached for 5 s: branding and grace windows for pages and links, never the use cases' own decisions. */
  videoConfig(tenantId: string): Promise<TenantVirtualCareConfigRecord | null>;
  patientNames(tenantId: string, patientIds: readonly string[]): Promise<Map<string, string>>;
  /** Account names of staff participants (platform users table). */
  userNames(userIds: readonly string[]): Promise<Map<string, string>>;
  /** The patient registry id behind a patient's portal account (null: the account has no patient record). */
  patientOfUser(tenantId: string, userId: string): Promise<string | null>;
  listPatients(tenantId: string, search?: string): Promise<PatientSummary[]>;
}

// Display data changes rarely; each process keeps it briefly (admins' edits show within these windows).
const NAME_TTL_MS = 60_000;
const CONFIG_TTL_MS = 5_000;

export function createTenantDirectory(store: DirectoryStore, clock: Clock): TenantDirectory {
  const names = new ExpiringCache<string, string | null>(10_000);
  const configs = new ExpiringCache<string, TenantVirtualCareConfigRecord | null>(10_000);
  const patientNameCache = new ExpiringCache<string, string>(50_000);
  const patientOfUserCache = new ExpiringCache<string, string | null>(10_000);
  return {
    tenantName: (tenantId) =>
      names.remember(tenantId, clock.now().getTime(), NAME_TTL_MS, () =>
        store.tenantName(tenantId),
      ),
    videoConfig: (tenantId) =>
      configs.remember(tenantId, clock.now().getTime(), CONFIG_TTL_MS, () =>
        store.videoConfig(tenantId),
      ),
    async patientNames(tenantId, patientIds) {
      const now = clock.now().getTime();
      const found = new Map<string, string>();
      const missing: string[] = [];
      for (const id of new Set(patientIds)) {
        const name = patientNameCache.get(`${tenantId}|${id}`, now);
        if (name !== undefined) found.set(id, name);
        else missing.push(id);
      }
      if (missing.length === 0) return found;
      for (const [id, name] of await store.patientNames(tenantId, missing)) {
        found.set(id, name);
        patientNameCache.set(`${tenantId}|${id}`, name, now + NAME_TTL_MS);
      }
      return found;
    },
    userNames: (userIds) => store.userNames(userIds),
    patientOfUser: (tenantId, userId) =>
      patientOfUserCache.remember(`${tenantId}|${userId}`, clock.now().getTime(), NAME_TTL_MS, () =>
        store.patientOfUser(tenantId, userId),
      ),
    listPatients: (tenantId, search) => store.listPatients(tenantId, search),
  };
}
