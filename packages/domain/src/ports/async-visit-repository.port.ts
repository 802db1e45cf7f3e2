import type { AsyncVisitRecord, AsyncVisitStatus } from '../records/async-visit.record';

export interface AsyncVisitListQuery {
  status?: AsyncVisitStatus[];
  /** One patient's visits only (a patient's own list). */
  patientId?: string;
  /** Only answered visits still awaiting their Encounter, not refused for good (the worker's Encounter retry). */
  awaitingEncounter?: boolean;
  /** Opaque keyset cursor from the previous page's `nextCursor`. */
  cursor?: string | null;
  limit: number;
}

export interface AsyncVisitListPage {
  items: AsyncVisitRecord[];
  nextCursor: string | null;
}

export interface AsyncVisitRepository {
  findById(id: string): Promise<AsyncVisitRecord | null>;
  findByClientMutationId(clientMutationId: string): Promise<AsyncVisitRecord | null>;
  /** Inserts unless (tenantId, clientMutationId) exists; returns the stored row and whether it was created. */
  insertIfAbsent(visit: AsyncVisitRecord): Promise<{ visit: AsyncVisitRecord; created: boolean }>;
  update(visit: AsyncVisitRecord): Promise<void>;
  /** Oldest first (the order a queue is worked), by creation then id. */
  list(query: AsyncVisitListQuery): Promise<AsyncVisitListPage>;
  /** Those of `refs` that some visit of the tenant names in its attachmentRefs (whatever its status). */
  namedAttachmentRefs(refs: readonly string[]): Promise<string[]>;
}
