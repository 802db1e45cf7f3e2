import type { AsyncVisitRepository } from './async-visit-repository.port';
import type { ConsentRecordRepository } from './consent-record-repository.port';
import type { OutboxPort } from './outbox.port';
import type { PatientRegistry } from './patient-registry.port';
import type { SessionParticipantRepository } from './session-participant-repository.port';
import type { SessionTranscriptRepository } from './session-transcript-repository.port';
import type { TenantConfigRepository } from './tenant-config-repository.port';
import type { VirtualSessionRepository } from './virtual-session-repository.port';
import type { WaitingRoomReadModel } from './waiting-room.port';

/** Repositories bound to one tenant and one transaction. */
export interface TenantScope {
  readonly tenantId: string;
  readonly sessions: VirtualSessionRepository;
  readonly participants: SessionParticipantRepository;
  readonly tenantConfigs: TenantConfigRepository;
  readonly asyncVisits: AsyncVisitRepository;
  readonly consents: ConsentRecordRepository;
  readonly patients: PatientRegistry;
  readonly outbox: OutboxPort;
  readonly waitingRoom: WaitingRoomReadModel;
  readonly transcripts: SessionTranscriptRepository;
}

export interface UnitOfWork {
  /** Runs `work` in one tenant-scoped transaction; commits when it resolves, rolls back when it throws. */
  run<T>(tenantId: string, work: (scope: TenantScope) => Promise<T>): Promise<T>;
  /**
   * Runs reads in the same tenant scope without a transaction: each statement sees what is committed when it runs,
   * as it would inside `run` (READ COMMITTED), for a round trip less on each side. Writes are refused.
   */
  read<T>(tenantId: string, work: (scope: TenantScope) => Promise<T>): Promise<T>;
  /**
   * Reads for one patient's own views: the database itself confines sessions and participants to that patient's
   * (row-level security), on top of the tenant. Writes are refused.
   */
  readForPatient<T>(
    tenantId: string,
    patientId: string,
    work: (scope: TenantScope) => Promise<T>,
  ): Promise<T>;
}
