import { mkdtempSync, rmSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe } from 'vitest';
import { createFileSystemAttachmentStore } from '../../src/adapters/attachment-store.fs.adapter';
import { attachmentStoreContract } from './attachment-store.contract';

const dir = mkdtempSync(path.join(tmpdir(), 'vc-attachments-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const store = createFileSystemAttachmentStore({ dir });

/** Every file under the tenant's folder, temporary ones included. */
async function files(tenantId: string): Promise<string[]> {
  return (await readdir(path.join(dir, tenantId)).catch(() => [])).sort();
}

describe('attachment store on the filesystem (ATTACHMENT_DIR, the embedded default)', () => {
  attachmentStoreContract(() => store, files);
});
