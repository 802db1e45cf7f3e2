import type { PrismaClient } from '../generated/prisma/client';

export interface TenantLicence {
  tenantId: string;
  slug: string;
  name: string;
  virtualCareLicensed: boolean;
}

/**
 * The platform admin's switch for the virtual-care module per tenant (migration plan, tenant onboarding step 3).
 * `tenants` is a platform table (no tenant RLS), so this runs on the platform's connection.
 */
export class LicensingStore {
  constructor(private readonly prisma: PrismaClient) {}

  list(): Promise<TenantLicence[]> {
    return this.prisma.tenant
      .findMany({ select: SELECT, orderBy: { slug: 'asc' } })
      .then((rows) => rows.map(toLicence));
  }

  /** Sets the flag; null when no tenant has that slug. */
  async setVirtualCare(slug: string, licensed: boolean): Promise<TenantLicence | null> {
    const { count } = await this.prisma.tenant.updateMany({
      where: { slug },
      data: { virtualCareLicensed: licensed },
    });
    if (count === 0) return null;
    const tenant = await this.prisma.tenant.findUnique({ where: { slug }, select: SELECT });
    return tenant ? toLicence(tenant) : null;
  }
}

const SELECT = { id: true, slug: true, name: true, virtualCareLicensed: true } as const;

function toLicence(row: {
  id: string;
  slug: string;
  name: string;
  virtualCareLicensed: boolean;
}): TenantLicence {
  return {
    tenantId: row.id,
    slug: row.slug,
    name: row.name,
    virtualCareLicensed: row.virtualCareLicensed,
  };
}
