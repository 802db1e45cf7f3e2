import { DomainError } from '../../errors/domain.errors';
import type { LicencePort } from '../../ports/licence.port';

/** The one licence gate: every virtual-care command of an unlicensed tenant answers MODULE_NOT_LICENSED. */
export async function requireVirtualCareLicence(
  deps: { licence: LicencePort },
  tenantId: string,
): Promise<void> {
  if (await deps.licence.isVirtualCareLicensed(tenantId)) return;
  throw new DomainError('MODULE_NOT_LICENSED', 'Virtual care is not licensed for this tenant', {
    hint: 'tenant_licensing_page',
  });
}
