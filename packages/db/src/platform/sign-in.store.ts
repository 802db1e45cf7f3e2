import type { PrismaClient } from '../generated/prisma/client';

export type MembershipRole = 'clinician' | 'tenant_admin' | 'patient';

export interface SignInUser {
  id: string;
  email: string;
  name: string;
  /** argon2id PHC string; null for OIDC-only accounts. */
  passwordHash: string | null;
  memberships: { tenantId: string; tenantName: string; role: MembershipRole }[];
}

/**
 * Platform (not tenant-scoped) reads and writes of sign-in: users, memberships and the
 * attempt log for rate limiting. These tables have no RLS; the tenant is not known yet.
 */
export class SignInStore {
  constructor(private readonly prisma: PrismaClient) {}

  /** Emails are stored lower-cased; the look-up normalises the same way. */
  async findUserForSignIn(email: string): Promise<SignInUser | null> {
    const user = await this.prisma.user.findUnique({
      where: { email: normaliseEmail(email) },
      include: { memberships: { include: { tenant: { select: { name: true } } } } },
    });
    if (!user) return null;
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      passwordHash: user.passwordHash,
      memberships: user.memberships.map((m) => ({
        tenantId: m.tenantId,
        tenantName: m.tenant.name,
        role: m.role as MembershipRole,
      })),
    };
  }

  /** The roles the user holds in the tenant now; none once their membership is removed. */
  async rolesInTenant(userId: string, tenantId: string): Promise<MembershipRole[]> {
    const memberships = await this.prisma.tenantMembership.findMany({
      where: { userId, tenantId },
      select: { role: true },
    });
    return memberships.map((m) => m.role as MembershipRole);
  }

  /** `key` is e.g. `account:<email>` or `ip:<address>`; one row per attempt. */
  async recordSignInAttempt(key: string, succeeded: boolean): Promise<void> {
    await this.prisma.signInAttempt.create({ data: { key, succeeded } });
  }

  async countRecentSignInFailures(key: string, since: Date): Promise<number> {
    return this.prisma.signInAttempt.count({
      where: { key, succeeded: false, attemptedAt: { gte: since } },
    });
  }
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
