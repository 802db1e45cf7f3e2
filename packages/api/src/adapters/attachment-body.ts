import { createHash } from 'node:crypto';
import {
  ATTACHMENT_REF_PATTERN,
  DomainError,
  type AttachmentDescription,
  type PutAttachmentInput,
  type StoredAttachment,
} from '@virtual-care/domain';

/**
 * The upload's bytes as they pass, checked against what the client declared: never more than `sizeBytes` read
 * (a longer body stops one chunk past it), and at the end the length and the SHA-256 must match. Either store
 * writes what this yields and keeps it only when the iteration ends without a throw.
 */
export async function* verifiedBody(
  input: Pick<PutAttachmentInput, 'body' | 'sha256' | 'sizeBytes' | 'attachmentRef'>,
): AsyncGenerator<Uint8Array> {
  const hash = createHash('sha256');
  let received = 0;
  for await (const chunk of input.body) {
    received += chunk.byteLength;
    if (received > input.sizeBytes) throw sizeMismatch(input, received);
    hash.update(chunk);
    yield chunk;
  }
  if (received !== input.sizeBytes) throw sizeMismatch(input, received);
  if (hash.digest('hex') !== input.sha256.toLowerCase()) {
    throw new DomainError('VALIDATION_FAILED', 'The photo does not match its SHA-256', {
      field: 'sha256',
      attachmentRef: input.attachmentRef,
    });
  }
}

function sizeMismatch(
  input: Pick<PutAttachmentInput, 'sizeBytes' | 'attachmentRef'>,
  received: number,
): DomainError {
  return new DomainError('VALIDATION_FAILED', 'The photo is not as long as declared', {
    field: 'sizeBytes',
    attachmentRef: input.attachmentRef,
    declaredBytes: input.sizeBytes,
    receivedBytes: received,
  });
}

const TENANT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SHA256_HEX = /^[0-9a-f]{64}$/i;

/** Ids that become a path or an object key: anything else could name another tenant's file. */
export function isStorableAddress(tenantId: string, attachmentRef: string): boolean {
  return TENANT_ID.test(tenantId) && ATTACHMENT_REF_PATTERN.test(attachmentRef);
}

export function assertPutInput(input: PutAttachmentInput): void {
  if (!isStorableAddress(input.tenantId, input.attachmentRef))
    throw new DomainError('VALIDATION_FAILED', 'Not an attachment ref', { field: 'attachmentRef' });
  if (!SHA256_HEX.test(input.sha256))
    throw new DomainError('VALIDATION_FAILED', 'sha256 must be 64 hex digits', { field: 'sha256' });
  if (!Number.isSafeInteger(input.sizeBytes) || input.sizeBytes < 1)
    throw new DomainError('VALIDATION_FAILED', 'The photo is empty', { field: 'sizeBytes' });
}

/** The port's `describe` from a store's `find`: what submit checks (type, hash, size), nothing of the uploader. */
export function describeWith(
  find: (tenantId: string, attachmentRef: string) => Promise<StoredAttachment | null>,
): (tenantId: string, attachmentRef: string) => Promise<AttachmentDescription | null> {
  return async (tenantId, attachmentRef) => {
    const found = await find(tenantId, attachmentRef);
    return (
      found && { contentType: found.contentType, sha256: found.sha256, sizeBytes: found.sizeBytes }
    );
  };
}
