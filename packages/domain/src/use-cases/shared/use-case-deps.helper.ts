import type { Clock } from '../../ports/clock.port';
import type { IdGenerator } from '../../ports/id-generator.port';
import type { UnitOfWork } from '../../ports/unit-of-work.port';

/** What every stateful use case needs: the tenant unit of work, time and ids. */
export interface CoreDeps {
  uow: UnitOfWork;
  clock: Clock;
  ids: IdGenerator;
}

export interface TenantCommand {
  tenantId: string;
}
