import { isConsentOnFile, type TenantVirtualCareConfigRecord } from '@virtual-care/domain';
import type { PrismaClient } from '../generated/prisma/client';
import type { PgTenantUnitOfWork } from '../unit-of-work/tenant-unit-of-work';

/** A row of the clinician's patient picker. */
export interface PatientSummary {
  id: string;
  displayName: string;
  birthDate: string | null;
  telehealthConsent: boolean;
  recordingConsent: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Read-side look-ups the pages need besides the use cases' answers: names of tenants and staff (platform tables,
 * through Prisma) and, through the tenant unit of work (RLS), the video configuration and the patient registry.
 */
export class DirectoryStore {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly uow: PgTenantUnitOfWork,
  ) {}

  async tenantName(tenantId: string): Promise<string | null> {
    const tenant = await this.prisma.tenant.findUnique({
      where: { id: tenantId },
      select: { name: true },
    });
    return tenant?.name ?? null;
  }

  /** Account names of staff (platform users table); ids that are not UUIDs name nobody. */
  async userNames(userIds: readonly string[]): Promise<Map<string, string>> {
    const unique = [...new Set(userIds)].filter((id) => UUID.test(id));
    if (unique.length === 0) return new Map();
    const users = await this.prisma.user.findMany({
      where: { id: { in: unique } },
      select: { id: true, name: true },
    });
    return new Map(users.map((u) => [u.id, u.name]));
  }

  videoConfig(tenantId: string): Promise<TenantVirtualCareConfigRecord | null> {
    return this.uow.read(tenantId, (scope) => scope.tenantConfigs.get(tenantId));
  }

  patientNames(tenantId: string, patientIds: readonly string[]): Promise<Map<string, string>> {
    return this.uow.read(tenantId, (scope) => scope.patients.displayNames(patientIds));
  }

  /** The patient registry id behind a patient's portal account (null: the account has no patient record). */
  async patientOfUser(tenantId: string, userId: string): Promise<string | null> {
    const patient = await this.uow.read(tenantId, (scope) => scope.patients.findByUserId(userId));
    return patient?.id ?? null;
  }

  /** The first 50 patients (by name, optionally matching `search`) with where their consents stand. */
  listPatients(tenantId: string, search?: string): Promise<PatientSummary[]> {
    return this.uow.read(tenantId, async (scope) => {
      const patients = await scope.patients.list({ ...(search ? { search } : {}), limit: 50 });
      const summaries: PatientSummary[] = [];
      for (const p of patients) {
        summaries.push({
          id: p.id,
          displayName: p.displayName,
          birthDate: p.birthDate,
          telehealthConsent: isConsentOnFile(await scope.consents.latest(p.id, 'telehealth')),
          recordingConsent: isConsentOnFile(await scope.consents.latest(p.id, 'recording')),
        });
      }
      return summaries;
    });
  }
}
