import type { AsyncVisitRepository } from './async-visit-repository.port';
import type { ConsentRecordRepository } from './consent-record-repository.port';
import type { OutboxPort } from './outbox.port';
import type { SessionParticipantRepository } from './session-participant-repository.port';
import type { TenantConfigRepository } from './tenant-config-repository.port';
import type { VirtualSessionRepository } from './virtual-session-repository.port';

/** Repositories bound to one tenant and one transaction. */
export interface TenantScope {
  readonly tenantId: string;
  readonly sessions: VirtualSessionRepository;
  readonly participants: SessionParticipantRepository;
  readonly tenantConfigs: TenantConfigRepository;
  readonly asyncVisits: AsyncVisitRepository;
  readonly consents: ConsentRecordRepository;
  readonly outbox: OutboxPort;
}

/** Runs `work` in one tenant-scoped transaction; commits when it resolves, rolls back when it throws. */
export interface UnitOfWork {
  run<T>(tenantId: string, work: (scope: TenantScope) => Promise<T>): Promise<T>;
}
