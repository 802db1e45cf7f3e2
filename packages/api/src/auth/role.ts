/** The roles a user can hold within one tenant (spec: clinician, tenant admin, patient). */
export const ROLES = ['clinician', 'tenant_admin', 'patient'] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
