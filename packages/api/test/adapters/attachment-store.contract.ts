import { createHash, randomBytes, randomUUID } from 'node:crypto';
import {
  isDomainError,
  type AttachmentObjectStorePort,
  type UploadedAttachment,
} from '@virtual-care/domain';
import { ulid } from 'ulid';
import { expect, it } from 'vitest';

export const newRef = () => `att_${ulid()}`;
export const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A JPEG-looking photo of its own bytes (the store does not look inside; the upload does). */
export function photo(size = 50_000): Buffer {
  const bytes = randomBytes(size);
  bytes.set([0xff, 0xd8, 0xff, 0xe0]);
  return bytes;
}

/** The bytes in chunks, counting how many were read; `failAfter` breaks the stream there (a dropped connection). */
export function chunked(bytes: Uint8Array, options: { chunk?: number; failAfter?: number } = {}) {
  const state = { pulled: 0 };
  const size = options.chunk ?? 8192;
  async function* body(): AsyncGenerator<Uint8Array> {
    for (let at = 0; at < bytes.length; at += size) {
      if (options.failAfter !== undefined && state.pulled >= options.failAfter)
        throw new Error('connection reset by peer');
      state.pulled += 1;
      yield bytes.subarray(at, at + size);
    }
  }
  return { body: body(), state };
}

export async function readAll(body: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return Buffer.concat(chunks);
}

export async function listAll<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );
}

/**
 * What every attachment store does, whatever keeps the bytes; `leftovers` lists what it holds for a tenant (files,
 * objects), so "stores nothing" is checked where the bytes would be.
 */
export function attachmentStoreContract(
  store: () => AttachmentObjectStorePort,
  leftovers: (tenantId: string) => Promise<string[]>,
): void {
  const tenantId = randomUUID();
  const put = (
    ref: string,
    bytes: Buffer,
    body: AsyncIterable<Uint8Array>,
    sha = sha256Of(bytes),
  ) =>
    store().put({
      tenantId,
      attachmentRef: ref,
      contentType: 'image/jpeg',
      sha256: sha,
      sizeBytes: bytes.length,
      uploadedBy: 'user-1',
      body,
    });

  it('keeps a photo and describes it by tenant and ref; the bytes read back are the bytes sent', async () => {
    const ref = newRef();
    const bytes = photo();
    const { created, attachment } = await put(ref, bytes, chunked(bytes).body);
    expect(created).toBe(true);
    const description = {
      contentType: 'image/jpeg',
      sha256: sha256Of(bytes),
      sizeBytes: bytes.length,
    };
    expect(attachment).toEqual({ ...description, uploadedBy: 'user-1' });
    expect(await store().describe(tenantId, ref)).toEqual(description);
    const opened = await store().open(tenantId, ref);
    expect(opened?.attachment).toEqual(attachment);
    expect(sha256Of(await readAll(opened!.body))).toBe(sha256Of(bytes));
  });

  it('another tenant asking for the same ref finds nothing', async () => {
    const ref = newRef();
    const bytes = photo(1000);
    await put(ref, bytes, chunked(bytes).body);
    expect(await store().describe(randomUUID(), ref)).toBeNull();
    expect(await store().open(randomUUID(), ref)).toBeNull();
  });

  it('a photo that does not hash to the declared SHA-256 is refused and nothing is kept', async () => {
    const ref = newRef();
    const bytes = photo();
    const before = await leftovers(tenantId);
    const error = await failure(put(ref, bytes, chunked(bytes).body, sha256Of(photo(10))));
    expect(isDomainError(error, 'VALIDATION_FAILED')).toBe(true);
    expect(await store().describe(tenantId, ref)).toBeNull();
    expect(await leftovers(tenantId)).toEqual(before);
  });

  it('a body longer than declared is read no further than one chunk past its end, and nothing is kept', async () => {
    const ref = newRef();
    const bytes = photo(200_000);
    const { body, state } = chunked(bytes, { chunk: 10_000 });
    const error = await failure(
      store().put({
        tenantId,
        attachmentRef: ref,
        contentType: 'image/jpeg',
        sha256: sha256Of(bytes),
        sizeBytes: 25_000,
        uploadedBy: 'user-1',
        body,
      }),
    );
    expect(isDomainError(error, 'VALIDATION_FAILED')).toBe(true);
    expect(state.pulled).toBe(3);
    expect(await store().describe(tenantId, ref)).toBeNull();
  });

  it('the same ref again stores nothing new and answers what is kept, without reading the body', async () => {
    const ref = newRef();
    const bytes = photo();
    const first = await put(ref, bytes, chunked(bytes).body);
    const retry = chunked(bytes);
    const again = await put(ref, bytes, retry.body);
    expect(again).toEqual({ created: false, attachment: first.attachment });
    expect(retry.state.pulled).toBe(0);
  });

  it('an upload cut off half way leaves no photo behind, and the retry then succeeds', async () => {
    const ref = newRef();
    const bytes = photo(100_000);
    const cut = chunked(bytes, { chunk: 10_000, failAfter: 5 });
    const before = await leftovers(tenantId);
    await expect(put(ref, bytes, cut.body)).rejects.toThrow('connection reset');
    expect(await store().describe(tenantId, ref)).toBeNull();
    expect(await leftovers(tenantId)).toEqual(before);
    expect((await put(ref, bytes, chunked(bytes).body)).created).toBe(true);
  });

  it('a ref that is not att_ + ULID never becomes a path or a key', async () => {
    const bytes = photo(100);
    const error = await failure(put('../../etc/passwd', bytes, chunked(bytes).body));
    expect(isDomainError(error, 'VALIDATION_FAILED')).toBe(true);
    expect(await store().describe(tenantId, '../x')).toBeNull();
    expect(await store().describe('../..', newRef())).toBeNull();
  });

  it("lists every tenant's photos uploaded before a time, with their upload time, and none uploaded after", async () => {
    const ref = newRef();
    const theirs = newRef();
    const otherTenant = randomUUID();
    const bytes = photo(1000);
    const start = Date.now();
    await put(ref, bytes, chunked(bytes).body);
    await store().put({
      tenantId: otherTenant,
      attachmentRef: theirs,
      contentType: 'image/png',
      sha256: sha256Of(bytes),
      sizeBytes: bytes.length,
      uploadedBy: 'user-2',
      body: chunked(bytes).body,
    });
    const mine = (listed: UploadedAttachment[]) =>
      listed.filter((a) => a.attachmentRef === ref || a.attachmentRef === theirs);

    const listed = mine(await listAll(store().listUploadedBefore(new Date(Date.now() + 60_000))));
    expect(listed.map(({ tenantId, attachmentRef }) => ({ tenantId, attachmentRef }))).toEqual(
      expect.arrayContaining([
        { tenantId, attachmentRef: ref },
        { tenantId: otherTenant, attachmentRef: theirs },
      ]),
    );
    expect(listed).toHaveLength(2);
    for (const { uploadedAt } of listed) {
      // Whole seconds on some servers (S3's LastModified).
      expect(uploadedAt.getTime()).toBeGreaterThanOrEqual(start - 1000);
      expect(uploadedAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    }
    expect(mine(await listAll(store().listUploadedBefore(new Date(start - 60_000))))).toEqual([]);
  });

  it('a removed photo is gone', async () => {
    const ref = newRef();
    const bytes = photo(1000);
    await put(ref, bytes, chunked(bytes).body);
    await store().remove(tenantId, ref);
    expect(await store().describe(tenantId, ref)).toBeNull();
    expect((await leftovers(tenantId)).filter((name) => name.includes(ref))).toEqual([]);
    const listed = await listAll(store().listUploadedBefore(new Date(Date.now() + 60_000)));
    expect(listed.filter((a) => a.attachmentRef === ref)).toEqual([]);
  });
}
