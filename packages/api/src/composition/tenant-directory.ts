import type { Database } from '@virtual-care/db';
import type { Clock, TenantVirtualCareConfigRecord } from '@virtual-care/domain';
import { ExpiringCache } from './expiring-cache';

export interface PatientSummary {
  id: string;
  displayName: string;
  birthDate: string | null;
  telehealthConsent: boolean;
  recordingConsent: boolean;
}

/**
 * Read-side look-ups the session pages need besides the use cases' answers: tenant names, the video
 * configuration, the patient registry with consent flags. Tenant-scoped data goes through the unit of work (RLS).
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
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createTenantDirectory(db: Database, clock: Clock): TenantDirectory {
  const names = new ExpiringCache<string, string | null>(10_000);
  const configs = new ExpiringCache<string, TenantVirtualCareConfigRecord | null>(10_000);
  const patientNameCache = new ExpiringCache<string, string>(50_000);
  const patientOfUserCache = new ExpiringCache<string, string | null>(10_000);
  return {
    tenantName: (tenantId) =>
      names.remember(tenantId, clock.now().getTime(), NAME_TTL_MS, async () => {
        const tenant = await db.prisma.tenant.findUnique({
          where: { id: tenantId },
          select: { name: true },
        });
        return tenant?.name ?? null;
      }),
    videoConfig: (tenantId) =>
      configs.remember(tenantId, clock.now().getTime(), CONFIG_TTL_MS, () =>
        db.unitOfWork.read(tenantId, (scope) => scope.tenantConfigs.get(tenantId)),
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
      await db.unitOfWork.read(tenantId, async (scope) => {
        for (const id of missing) {
          const patient = await scope.patients.findById(id);
          if (!patient) continue;
          found.set(id, patient.displayName);
          patientNameCache.set(`${tenantId}|${id}`, patient.displayName, now + NAME_TTL_MS);
        }
      });
      return found;
    },
    async userNames(userIds) {
      const unique = [...new Set(userIds)].filter((id) => UUID.test(id));
      if (unique.length === 0) return new Map();
      const users = await db.prisma.user.findMany({
        where: { id: { in: unique } },
        select: { id: true, name: true },
      });
      return new Map(users.map((u) => [u.id, u.name]));
    },
    patientOfUser: (tenantId, userId) =>
      patientOfUserCache.remember(
        `${tenantId}|${userId}`,
        clock.now().getTime(),
        NAME_TTL_MS,
        async () =>
          (await db.unitOfWork.read(tenantId, (scope) => scope.patients.findByUserId(userId)))
            ?.id ?? null,
      ),
    listPatients: (tenantId, search) =>
      db.unitOfWork.read(tenantId, async (scope) => {
        const patients = await scope.patients.list({ ...(search ? { search } : {}), limit: 50 });
        const summaries: PatientSummary[] = [];
        for (const p of patients) {
          const telehealth = await scope.consents.latest(p.id, 'telehealth');
          const recording = await scope.consents.latest(p.id, 'recording');
          summaries.push({
            id: p.id,
            displayName: p.displayName,
            birthDate: p.birthDate,
            telehealthConsent: telehealth?.decision === 'granted',
            recordingConsent: recording?.decision === 'granted',
          });
        }
        return summaries;
      }),
  };
}
