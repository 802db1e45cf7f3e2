/**
 * The roles a caller can hold within one tenant: the spec's clinician, tenant admin and patient, and `recorder`, a
 * service role for the tenant's recorder (Jibri), carried only in its bearer JWT. `recorder` is accepted by the
 * recording ingestion endpoint alone; no other procedure names it.
 */
export const ROLES = ['clinician', 'tenant_admin', 'patient', 'recorder'] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
