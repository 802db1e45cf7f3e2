import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  paginateListObjectsV2,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import {
  DomainError,
  type AttachmentObjectStorePort,
  type PutAttachmentInput,
  type StoredAttachment,
  type UploadedAttachment,
} from '@virtual-care/domain';
import { assertPutInput, describeWith, isStorableAddress, verifiedBody } from './attachment-body';

export interface S3AttachmentStoreOptions {
  bucket: string;
  /** An S3-compatible server's URL (MinIO, Ceph, R2, ...); null: AWS itself, by region. */
  endpoint: string | null;
  region: string;
  /** Path-style URLs (`<endpoint>/<bucket>/<key>`), which most S3-compatible servers need. */
  forcePathStyle: boolean;
  /** null: the SDK's default chain (AWS_* variables, the instance's role). */
  credentials: { accessKeyId: string; secretAccessKey: string } | null;
}

/**
 * Attachments as objects `<tenantId>/<ref>` in one bucket, for deployments. The object's metadata holds the hex
 * SHA-256 and the uploader; the type is its Content-Type. Each photo is checked here (length, SHA-256) before the
 * bucket sees a byte, then sent with `ChecksumSHA256` so the server verifies the bytes it received as well, and
 * with `If-None-Match: *`, so the first upload of a ref wins there too. Reads ask for the stored checksum
 * (`ChecksumMode`), and the SDK checks the bytes it hands on against it.
 */
export function createS3AttachmentStore(
  options: S3AttachmentStoreOptions,
): AttachmentObjectStorePort {
  const client = new S3Client({
    region: options.region,
    forcePathStyle: options.forcePathStyle,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  });
  const Bucket = options.bucket;
  const keyOf = (tenantId: string, ref: string) => `${tenantId}/${ref}`;

  const find = async (tenantId: string, ref: string): Promise<StoredAttachment | null> => {
    if (!isStorableAddress(tenantId, ref)) return null;
    try {
      const head = await client.send(new HeadObjectCommand({ Bucket, Key: keyOf(tenantId, ref) }));
      return storedFrom(head.Metadata, head.ContentType, head.ContentLength);
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  };

  const put = async (input: PutAttachmentInput) => {
    assertPutInput(input);
    const existing = await find(input.tenantId, input.attachmentRef);
    if (existing) return { created: false, attachment: existing };
    // Held in memory (at most the declared size, which the caller bounds) so the SDK can resend it on a retry.
    const chunks: Uint8Array[] = [];
    for await (const chunk of verifiedBody(input)) chunks.push(chunk);
    const body = Buffer.concat(chunks);
    const sha256 = input.sha256.toLowerCase();
    try {
      await client.send(
        new PutObjectCommand({
          Bucket,
          Key: keyOf(input.tenantId, input.attachmentRef),
          Body: body,
          ContentLength: body.byteLength,
          ContentType: input.contentType,
          ChecksumSHA256: Buffer.from(sha256, 'hex').toString('base64'),
          IfNoneMatch: '*',
          Metadata: { sha256, 'uploaded-by': input.uploadedBy },
        }),
      );
    } catch (error) {
      if (isS3Error(error, 'BadDigest', 'InvalidDigest', 'XAmzContentChecksumMismatch'))
        throw new DomainError('VALIDATION_FAILED', 'The photo does not match its SHA-256', {
          field: 'sha256',
          attachmentRef: input.attachmentRef,
        });
      if (!isS3Error(error, 'PreconditionFailed', 'ConditionalRequestConflict')) throw error;
      const winner = await find(input.tenantId, input.attachmentRef);
      if (!winner) throw error;
      return { created: false, attachment: winner };
    }
    const attachment: StoredAttachment = {
      contentType: input.contentType,
      sha256,
      sizeBytes: input.sizeBytes,
      uploadedBy: input.uploadedBy,
    };
    return { created: true, attachment };
  };

  /** Keys in the bucket's order, which groups them by tenant; the upload time is the object's LastModified. */
  async function* listUploadedBefore(before: Date): AsyncGenerator<UploadedAttachment> {
    for await (const page of paginateListObjectsV2({ client }, { Bucket })) {
      for (const object of page.Contents ?? []) {
        const [tenantId = '', attachmentRef = '', ...rest] = object.Key?.split('/') ?? [];
        const uploadedAt = object.LastModified;
        if (rest.length > 0 || !isStorableAddress(tenantId, attachmentRef)) continue;
        if (uploadedAt && uploadedAt < before) yield { tenantId, attachmentRef, uploadedAt };
      }
    }
  }

  return {
    find,
    put,
    listUploadedBefore,
    describe: describeWith(find),
    open: async (tenantId, ref) => {
      if (!isStorableAddress(tenantId, ref)) return null;
      try {
        const object = await client.send(
          new GetObjectCommand({ Bucket, Key: keyOf(tenantId, ref), ChecksumMode: 'ENABLED' }),
        );
        const attachment = storedFrom(object.Metadata, object.ContentType, object.ContentLength);
        if (!attachment || !object.Body) return null;
        return { attachment, body: object.Body as AsyncIterable<Uint8Array> };
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },
    remove: async (tenantId, ref) => {
      if (!isStorableAddress(tenantId, ref)) return;
      await client.send(new DeleteObjectCommand({ Bucket, Key: keyOf(tenantId, ref) }));
    },
  };
}

/** Objects this adapter did not write (no sha256 in their metadata) are not attachments. */
function storedFrom(
  metadata: Record<string, string> | undefined,
  contentType: string | undefined,
  contentLength: number | undefined,
): StoredAttachment | null {
  const sha256 = metadata?.sha256;
  const uploadedBy = metadata?.['uploaded-by'];
  if (!sha256 || !uploadedBy || !contentType || contentLength === undefined) return null;
  return { contentType, sha256, sizeBytes: contentLength, uploadedBy };
}

function isMissing(error: unknown): boolean {
  return (
    isS3Error(error, 'NotFound', 'NoSuchKey') ||
    (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404)
  );
}

function isS3Error(error: unknown, ...names: string[]): boolean {
  return error instanceof S3ServiceException && names.includes(error.name);
}
