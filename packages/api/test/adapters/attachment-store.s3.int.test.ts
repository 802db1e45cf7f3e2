import { randomUUID } from 'node:crypto';
import {
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { startFauxqs, type FauxqsServer } from 'fauxqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttachmentObjectStorePort } from '@virtual-care/domain';
import { createS3AttachmentStore } from '../../src/adapters/attachment-store.s3.adapter';
import {
  attachmentStoreContract,
  chunked,
  listAll,
  newRef,
  photo,
  readAll,
  sha256Of,
} from './attachment-store.contract';

const BUCKET = 'vc-attachments';
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
let server: FauxqsServer;
let store: AttachmentObjectStorePort;
let raw: S3Client;

// fauxqs: a local S3-protocol server on loopback, started here and stopped after the file.
beforeAll(async () => {
  server = await startFauxqs({ port: 0, host: '127.0.0.1', logger: false });
  server.createBucket(BUCKET);
  const options = {
    bucket: BUCKET,
    endpoint: server.address,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials,
  };
  store = createS3AttachmentStore(options);
  raw = new S3Client({ ...options });
});
afterAll(async () => {
  raw.destroy();
  await server.stop();
});

/** The tenant's objects in the bucket. */
async function objects(tenantId: string): Promise<string[]> {
  const listed = await raw.send(
    new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `${tenantId}/` }),
  );
  return (listed.Contents ?? []).map((o) => o.Key!).sort();
}

describe('attachment store on an S3-protocol server (ATTACHMENT_S3_BUCKET)', () => {
  attachmentStoreContract(() => store, objects);

  it('the object carries the server-side SHA-256 checksum and the description in its metadata', async () => {
    const tenantId = randomUUID();
    const ref = newRef();
    const bytes = photo(3000);
    await store.put({
      tenantId,
      attachmentRef: ref,
      contentType: 'image/png',
      sha256: sha256Of(bytes),
      sizeBytes: bytes.length,
      uploadedBy: 'user-1',
      body: chunked(bytes).body,
    });
    expect(await objects(tenantId)).toEqual([`${tenantId}/${ref}`]);
    const head = await raw.send(
      new HeadObjectCommand({ Bucket: BUCKET, Key: `${tenantId}/${ref}`, ChecksumMode: 'ENABLED' }),
    );
    expect(head.ChecksumSHA256).toBe(Buffer.from(sha256Of(bytes), 'hex').toString('base64'));
    expect(head.ContentType).toBe('image/png');
    expect(head.Metadata).toEqual({ sha256: sha256Of(bytes), 'uploaded-by': 'user-1' });
  });

  it('lists past the first page of the bucket (more than 1,000 objects), skipping keys that are not photos', async () => {
    const tenantId = randomUUID();
    const refs = Array.from({ length: 1010 }, newRef);
    const keys = [...refs.map((ref) => `${tenantId}/${ref}`), `${tenantId}/notes.txt`, 'README'];
    for (let at = 0; at < keys.length; at += 50)
      await Promise.all(
        keys
          .slice(at, at + 50)
          .map((Key) => raw.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: 'x' }))),
      );
    const listed = await listAll(store.listUploadedBefore(new Date(Date.now() + 60_000)));
    expect(listed.filter((a) => a.tenantId === tenantId).map((a) => a.attachmentRef)).toEqual(
      refs.sort(),
    );
    expect(listed.every((a) => a.uploadedAt instanceof Date)).toBe(true);
  });

  it('bytes that no longer match the checksum the server keeps are never handed on whole', async () => {
    const tenantId = randomUUID();
    const ref = newRef();
    const bytes = photo(3000);
    const other = photo(3000);
    // Written around the adapter: the server holds the checksum of other bytes than it serves.
    await raw.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: `${tenantId}/${ref}`,
        Body: bytes,
        ContentType: 'image/jpeg',
        ChecksumSHA256: Buffer.from(sha256Of(other), 'hex').toString('base64'),
        Metadata: { sha256: sha256Of(other), 'uploaded-by': 'user-1' },
      }),
    );
    const opened = await store.open(tenantId, ref);
    await expect(readAll(opened!.body)).rejects.toThrow(/checksum/i);
  });
});
