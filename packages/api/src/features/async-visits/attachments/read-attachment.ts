import {
  DomainError,
  type AttachmentObjectStorePort,
  type StoredAttachment,
} from '@virtual-care/domain';
import type { Role } from '../../../auth/role';

export interface AttachmentReader {
  tenantId: string;
  userId: string;
  roles: readonly Role[];
}

/**
 * A photo's bytes for the review screen (`GET .../attachments/{ref}`): the tenant's clinicians and the patient who
 * uploaded it; anyone else, in this tenant or another, is told it does not exist (404), as for a visit.
 */
export async function readAttachment(
  store: AttachmentObjectStorePort,
  reader: AttachmentReader,
  attachmentRef: string,
): Promise<{ attachment: StoredAttachment; body: AsyncIterable<Uint8Array> }> {
  const opened = await store.open(reader.tenantId, attachmentRef);
  const allowed =
    opened &&
    (reader.roles.includes('clinician') || opened.attachment.uploadedBy === reader.userId);
  if (!allowed) {
    await closeUnread(opened?.body);
    throw new DomainError('NOT_FOUND', 'No such attachment', { attachmentRef });
  }
  return opened;
}

/** An opened file or response body that will not be read is released now rather than at garbage collection. */
async function closeUnread(body: AsyncIterable<Uint8Array> | undefined): Promise<void> {
  await body?.[Symbol.asyncIterator]().return?.();
}
