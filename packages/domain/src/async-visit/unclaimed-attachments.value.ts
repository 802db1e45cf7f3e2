import type { UploadedAttachment } from '../ports/attachment-store.port';

/** A week: long enough for a phone offline with its draft, short enough not to keep health data with no purpose. */
export const DEFAULT_UNCLAIMED_ATTACHMENT_RETENTION_HOURS = 168;

const HOUR_MS = 3_600_000;

/** Attachments uploaded before this time and named by no visit are due for removal. */
export function unclaimedAttachmentCutoff(now: Date, retentionHours: number): Date {
  if (!(retentionHours > 0) || !Number.isFinite(retentionHours))
    throw new RangeError(
      'The retention of unclaimed attachments must be a positive number of hours',
    );
  return new Date(now.getTime() - retentionHours * HOUR_MS);
}

/**
 * Which of one tenant's stored attachments to remove: those uploaded more than `retentionHours` ago that no async
 * visit of the tenant names. A photo is uploaded before the visit naming it is submitted, so a young unnamed one
 * may still be on its way (a draft waiting for a connection); a named one is part of a visit and stays.
 */
export function unclaimedAttachmentsToRemove(input: {
  uploaded: readonly Pick<UploadedAttachment, 'attachmentRef' | 'uploadedAt'>[];
  claimed: ReadonlySet<string>;
  now: Date;
  retentionHours: number;
}): string[] {
  const cutoff = unclaimedAttachmentCutoff(input.now, input.retentionHours).getTime();
  return input.uploaded
    .filter((a) => a.uploadedAt.getTime() < cutoff && !input.claimed.has(a.attachmentRef))
    .map((a) => a.attachmentRef);
}
