import { DomainError, type AsyncVisitReader } from '@virtual-care/domain';
import type { Role } from '../../auth/role';
import type { ApiServices } from '../../composition/services';
import type { ContextUser } from '../../edge/context';

interface Caller {
  services: ApiServices;
  tenantId: string;
  user: ContextUser;
  roles: Role[];
}

/** The patient record the signed-in patient's account is linked to; refused when there is none. */
export async function callersPatientId(ctx: Caller): Promise<string> {
  const patientId = await ctx.services.directory.patientOfUser(ctx.tenantId, ctx.user.id);
  if (!patientId) {
    throw new DomainError('FORBIDDEN', 'This account is not linked to a patient record');
  }
  return patientId;
}

/** A clinician reads the tenant's visits; a patient only their own (confined by the database too). */
export async function readerOf(ctx: Caller): Promise<AsyncVisitReader> {
  if (ctx.roles.includes('clinician')) return { tenantId: ctx.tenantId };
  return { tenantId: ctx.tenantId, patientId: await callersPatientId(ctx) };
}
