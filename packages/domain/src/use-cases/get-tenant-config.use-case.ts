import { redactTenantConfig, type TenantConfigView } from '../config/tenant-config-view.value';
import type { Clock } from '../ports/clock.port';
import type { UnitOfWork } from '../ports/unit-of-work.port';
import { loadTenantConfig } from './shared/session-store.helper';

export interface GetTenantConfigDeps {
  uow: UnitOfWork;
  clock: Clock;
}

/** The tenant's config (seed defaults when never saved), credentials as "****". */
export async function getTenantConfig(
  deps: GetTenantConfigDeps,
  query: { tenantId: string },
): Promise<TenantConfigView> {
  return redactTenantConfig(
    await deps.uow.read(query.tenantId, (scope) => loadTenantConfig(scope, deps.clock.now())),
  );
}
