import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, readdir, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFileSystemAttachmentStore } from '../../src/adapters/attachment-store.fs.adapter';
import {
  attachmentStoreContract,
  chunked,
  listAll,
  newRef,
  photo,
  sha256Of,
} from './attachment-store.contract';

const dir = mkdtempSync(path.join(tmpdir(), 'vc-attachments-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const store = createFileSystemAttachmentStore({ dir });

/** Every file under the tenant's folder, temporary ones included. */
async function files(tenantId: string): Promise<string[]> {
  return (await readdir(path.join(dir, tenantId)).catch(() => [])).sort();
}

describe('attachment store on the filesystem (ATTACHMENT_DIR, the embedded default)', () => {
  attachmentStoreContract(() => store, files);

  it('a photo counts as uploaded when its description was written, and only photos are listed', async () => {
    const tenantId = randomUUID();
    const old = newRef();
    const fresh = newRef();
    const bytes = photo(1000);
    for (const ref of [old, fresh])
      await store.put({
        tenantId,
        attachmentRef: ref,
        contentType: 'image/jpeg',
        sha256: sha256Of(bytes),
        sizeBytes: bytes.length,
        uploadedBy: 'user-1',
        body: chunked(bytes).body,
      });
    const eightDaysAgo = new Date(Date.now() - 8 * 86_400_000);
    await utimes(path.join(dir, tenantId, `${old}.json`), eightDaysAgo, eightDaysAgo);
    // What else a folder may hold: a killed upload's temporary file, something an operator put there.
    await writeFile(path.join(dir, tenantId, '.upload-0123456789abcdef.json'), '{}');
    await mkdir(path.join(dir, 'not-a-tenant'), { recursive: true });
    await writeFile(path.join(dir, 'not-a-tenant', `${newRef()}.json`), '{}');
    await writeFile(path.join(dir, 'README.txt'), 'photos of async visits');

    const weekAgo = new Date(Date.now() - 7 * 86_400_000);
    expect(await listAll(store.listUploadedBefore(weekAgo))).toEqual([
      { tenantId, attachmentRef: old, uploadedAt: eightDaysAgo },
    ]);
  });

  it('an empty store (no folder yet) lists nothing', async () => {
    const empty = createFileSystemAttachmentStore({ dir: path.join(dir, 'never-written') });
    expect(await listAll(empty.listUploadedBefore(new Date()))).toEqual([]);
  });
});
