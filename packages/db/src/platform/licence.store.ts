import type { LicencePort } from '@virtual-care/domain';
import type { PrismaClient } from '../generated/prisma/client';

/** The virtual-care module licence is a flag on the tenant; unknown tenants are unlicensed. */
export class LicenceStore implements LicencePort {
  constructor(private readonly prisma: PrismaClient) {}

  async isVirtualCareLicensed(tenantId: string): Promise<boolean> {
    const tenant = await this.prisma.tenant.findUnique({
      where: { id: tenantId },
      select: { virtualCareLicensed: true },
    });
    return tenant?.virtualCareLicensed ?? false;
  }
}
