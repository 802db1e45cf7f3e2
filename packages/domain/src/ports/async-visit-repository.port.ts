import type { AsyncVisitRecord } from '../records/async-visit.record';

export interface AsyncVisitRepository {
  findById(id: string): Promise<AsyncVisitRecord | null>;
  findByClientMutationId(clientMutationId: string): Promise<AsyncVisitRecord | null>;
  /** Inserts unless (tenantId, clientMutationId) exists; returns the stored row and whether it was created. */
  insertIfAbsent(visit: AsyncVisitRecord): Promise<{ visit: AsyncVisitRecord; created: boolean }>;
  update(visit: AsyncVisitRecord): Promise<void>;
}
