import { TRPCError } from '@trpc/server';
import {
  ATTACHMENT_REF_PATTERN,
  DomainError,
  type AttachmentObjectStorePort,
  type StoredAttachment,
} from '@virtual-care/domain';
import {
  ATTACHMENT_CONTENT_TYPES,
  imageBody,
  notAnImage,
  type AttachmentContentType,
} from './image-signature';

/** Larger than any photo the patient's page sends (it resizes to ≤ 1600 px first), small enough to retry whole. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** The header the hex SHA-256 of the body comes in (the visit later declares the same value). */
export const ATTACHMENT_SHA256_HEADER = 'x-content-sha256';

/** What the upload answers: the description the visit's submission is then checked against. */
export interface AttachmentDto {
  attachmentRef: string;
  contentType: string;
  sha256: string;
  sizeBytes: number;
}

export interface AttachmentUpload {
  tenantId: string;
  /** The signed-in patient's user id: the only one who may upload under this ref, and read it back. */
  userId: string;
  attachmentRef: string;
  headers: Headers;
  body: AsyncIterable<Uint8Array> | null;
}

/**
 * One photo of an async visit, uploaded on its own before the visit is submitted (`PUT .../attachments/{ref}`).
 * Everything is refused before a byte is read when it can be (ref, type, declared length, checksum header); the
 * body is then streamed to the store, which counts, hashes and keeps it only when it is whole and as declared.
 * The same ref again with the same bytes answers what is stored (created false: 200 instead of 201), without
 * reading the body; with other bytes, or by someone else, 409. The photo itself is never logged and never in an
 * event: only its ref, type, size and checksum leave this function.
 */
export async function uploadAttachment(
  store: AttachmentObjectStorePort,
  upload: AttachmentUpload,
): Promise<{ created: boolean; attachment: AttachmentDto }> {
  const { attachmentRef, headers } = upload;
  if (!ATTACHMENT_REF_PATTERN.test(attachmentRef))
    throw invalid('attachmentRef', 'The attachment ref must be att_ and a ULID made by the device');
  const contentType = imageType(headers.get('content-type'));
  const sizeBytes = declaredLength(headers.get('content-length'));
  const sha256 = headers.get(ATTACHMENT_SHA256_HEADER)?.trim().toLowerCase() ?? '';
  if (!/^[0-9a-f]{64}$/.test(sha256))
    throw invalid(
      ATTACHMENT_SHA256_HEADER,
      `Send the photo's hex SHA-256 in ${ATTACHMENT_SHA256_HEADER}`,
    );

  const existing = await store.find(upload.tenantId, attachmentRef);
  if (existing) return { created: false, attachment: sameUpload(existing, upload, sha256) };
  if (!upload.body) throw invalid('body', 'The photo is missing');
  const { created, attachment } = await store.put({
    tenantId: upload.tenantId,
    attachmentRef,
    contentType,
    sha256,
    sizeBytes,
    uploadedBy: upload.userId,
    body: imageBody(contentType, upload.body),
  });
  return { created, attachment: sameUpload(attachment, upload, sha256) };
}

/** A stored ref answers a retry of the same upload; anything else claiming it is a conflict. */
function sameUpload(
  stored: StoredAttachment,
  upload: AttachmentUpload,
  sha256: string,
): AttachmentDto {
  if (stored.uploadedBy !== upload.userId || stored.sha256 !== sha256)
    throw new TRPCError({
      code: 'CONFLICT',
      message: 'This attachment ref already holds another photo; make a new ref for a new photo',
    });
  return {
    attachmentRef: upload.attachmentRef,
    contentType: stored.contentType,
    sha256: stored.sha256,
    sizeBytes: stored.sizeBytes,
  };
}

function imageType(header: string | null): AttachmentContentType {
  const type = (header?.split(';')[0] ?? '').trim().toLowerCase();
  const known = ATTACHMENT_CONTENT_TYPES.find((t) => t === type);
  if (!known) throw notAnImage();
  return known;
}

/** Browsers send Content-Length with a Blob or File body; the store needs it to stop at the declared end. */
function declaredLength(header: string | null): number {
  if (!header || !/^\d{1,12}$/.test(header.trim()))
    throw invalid('content-length', 'Send the photo with its Content-Length');
  const length = Number(header);
  if (length > MAX_ATTACHMENT_BYTES)
    throw new TRPCError({
      code: 'PAYLOAD_TOO_LARGE',
      message: `A photo may be at most ${MAX_ATTACHMENT_BYTES} bytes; resize it first`,
    });
  if (length === 0) throw invalid('body', 'The photo is empty');
  return length;
}

function invalid(field: string, message: string): DomainError {
  return new DomainError('VALIDATION_FAILED', message, { field });
}
