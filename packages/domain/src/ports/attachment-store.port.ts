/** What the store knows of one uploaded attachment (a patient's photo); never its bytes. */
export interface AttachmentDescription {
  contentType: string;
  /** SHA-256 of the stored bytes. */
  sha256: string;
  sizeBytes: number;
}

/** Where attachments live before and after an async visit names them (object store or local files). */
export interface AttachmentStorePort {
  /** The stored attachment under this tenant and ref, or null when there is none. */
  describe(tenantId: string, attachmentRef: string): Promise<AttachmentDescription | null>;
}

/**
 * A client-made id, `att_` and a ULID: the patient's phone names each photo when it takes it, so a retried upload
 * of the same photo lands on the same ref (idempotent) and the draft can list its refs while still offline.
 */
export const ATTACHMENT_REF_PATTERN = /^att_[0-9A-HJKMNP-TV-Z]{26}$/;

export interface PutAttachmentInput extends AttachmentDescription {
  tenantId: string;
  attachmentRef: string;
  /** Lowercase hex; the bytes must hash to it, or nothing is stored. */
  sha256: string;
  /** The exact length of `body`; a body longer or shorter stores nothing. */
  sizeBytes: number;
  /** Who uploaded it (kept beside the bytes, so a ref reused by someone else is refused). */
  uploadedBy: string;
  body: AsyncIterable<Uint8Array>;
}

export interface StoredAttachment extends AttachmentDescription {
  uploadedBy: string;
}

/** Where a stored attachment is and when it was uploaded; what the sweep of unclaimed photos reads. */
export interface UploadedAttachment {
  tenantId: string;
  attachmentRef: string;
  uploadedAt: Date;
}

/**
 * The store the upload and the review screen use (the filesystem or an S3-protocol server). First write wins: a put
 * of a ref that exists stores nothing and answers `created: false` with what is stored, so the caller compares.
 * A body whose SHA-256 or length differs from the declared one stores nothing and throws VALIDATION_FAILED.
 */
export interface AttachmentObjectStorePort extends AttachmentStorePort {
  put(input: PutAttachmentInput): Promise<{ created: boolean; attachment: StoredAttachment }>;
  /** Who uploaded it, beside the description; null when there is none. */
  find(tenantId: string, attachmentRef: string): Promise<StoredAttachment | null>;
  /** The bytes, or null when there is none. */
  open(
    tenantId: string,
    attachmentRef: string,
  ): Promise<{ attachment: StoredAttachment; body: AsyncIterable<Uint8Array> } | null>;
  remove(tenantId: string, attachmentRef: string): Promise<void>;
  /**
   * Every tenant's attachments uploaded before `before`, one tenant's after another (so a caller can work tenant by
   * tenant); the listing may be read while attachments are removed.
   */
  listUploadedBefore(before: Date): AsyncIterable<UploadedAttachment>;
}
