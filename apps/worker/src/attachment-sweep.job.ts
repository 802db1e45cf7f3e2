import {
  unclaimedAttachmentCutoff,
  unclaimedAttachmentsToRemove,
  type AttachmentObjectStorePort,
  type Clock,
  type UploadedAttachment,
} from '@virtual-care/domain';
import type { PgTenantUnitOfWork } from '@virtual-care/db';
import type { Logger } from 'pino';
import type { WorkerMetrics } from './metrics';

export interface AttachmentSweepDeps {
  attachments: Pick<AttachmentObjectStorePort, 'listUploadedBefore' | 'remove'>;
  uow: Pick<PgTenantUnitOfWork, 'read'>;
  clock: Clock;
  log: Logger;
  metrics?: WorkerMetrics;
}

/** Refs asked about in one query: bounds the query and what the pass holds in memory. */
const BATCH = 500;

/**
 * One pass of the sweep of photos no visit claimed (decision 0030): every attachment uploaded before the retention
 * that no async visit of its tenant names is removed. The store is read tenant by tenant; the visits are read under
 * the tenant's own unit of work, so the claimed refs are that tenant's alone. Nothing is remembered between passes.
 * Logs say how many per tenant, never which.
 */
export async function runAttachmentSweepPass(
  deps: AttachmentSweepDeps,
  retentionHours: number,
): Promise<{ removed: number }> {
  const now = deps.clock.now();
  const removedByTenant = new Map<string, number>();
  const sweep = async (batch: UploadedAttachment[]) => {
    const tenantId = batch[0]?.tenantId;
    if (!tenantId) return;
    const claimed = await deps.uow.read(tenantId, (scope) =>
      scope.asyncVisits.namedAttachmentRefs(batch.map((a) => a.attachmentRef)),
    );
    const refs = unclaimedAttachmentsToRemove({
      uploaded: batch,
      claimed: new Set(claimed),
      now,
      retentionHours,
    });
    for (const ref of refs) await deps.attachments.remove(tenantId, ref);
    removedByTenant.set(tenantId, (removedByTenant.get(tenantId) ?? 0) + refs.length);
  };

  let batch: UploadedAttachment[] = [];
  const before = unclaimedAttachmentCutoff(now, retentionHours);
  for await (const attachment of deps.attachments.listUploadedBefore(before)) {
    if (batch.length === BATCH || batch[0]?.tenantId !== attachment.tenantId) {
      await sweep(batch);
      batch = [];
    }
    batch.push(attachment);
  }
  await sweep(batch);

  let removed = 0;
  for (const [tenantId, count] of removedByTenant) {
    removed += count;
    if (count > 0) deps.log.info({ tenantId, removed: count }, 'unclaimed photos removed');
  }
  deps.metrics?.unclaimedAttachmentsRemoved.inc(removed);
  return { removed };
}
