import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { link, mkdir, readdir, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type {
  AttachmentObjectStorePort,
  PutAttachmentInput,
  StoredAttachment,
  UploadedAttachment,
} from '@virtual-care/domain';
import { assertPutInput, describeWith, isStorableAddress, verifiedBody } from './attachment-body';

/**
 * Attachments as files under one directory (ATTACHMENT_DIR; the embedded default, as single-machine installs keep
 * them): `<dir>/<tenantId>/<ref>.json` describes a photo, `<ref>.<sha256>` holds its bytes. Bytes go to a temporary
 * file first and are linked into place only once their length and SHA-256 check out, so a broken or killed upload leaves no
 * photo; the description is linked in last and exclusively, so it appears whole and the first upload of a ref wins.
 */
export function createFileSystemAttachmentStore(options: {
  dir: string;
}): AttachmentObjectStorePort {
  const root = path.resolve(options.dir);
  const tenantDir = (tenantId: string) => path.join(root, tenantId);
  const describedAt = (tenantId: string, ref: string) =>
    path.join(tenantDir(tenantId), `${ref}.json`);
  const bytesAt = (tenantId: string, ref: string, sha256: string) =>
    path.join(tenantDir(tenantId), `${ref}.${sha256}`);

  const find = async (tenantId: string, ref: string): Promise<StoredAttachment | null> => {
    if (!isStorableAddress(tenantId, ref)) return null;
    try {
      return JSON.parse(await readFile(describedAt(tenantId, ref), 'utf8')) as StoredAttachment;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  };

  const put = async (input: PutAttachmentInput) => {
    assertPutInput(input);
    const existing = await find(input.tenantId, input.attachmentRef);
    if (existing) return { created: false, attachment: existing };
    const dir = tenantDir(input.tenantId);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const sha256 = input.sha256.toLowerCase();
    const attachment: StoredAttachment = {
      contentType: input.contentType,
      sha256,
      sizeBytes: input.sizeBytes,
      uploadedBy: input.uploadedBy,
    };
    const temp = path.join(dir, `.upload-${randomBytes(8).toString('hex')}`);
    try {
      await pipeline(
        Readable.from(verifiedBody(input)),
        createWriteStream(`${temp}.bytes`, { mode: 0o600, flags: 'wx' }),
      );
      await link(`${temp}.bytes`, bytesAt(input.tenantId, input.attachmentRef, sha256)).catch(
        ignoreExisting, // the same bytes under the same name: a concurrent identical upload
      );
      await writeFile(`${temp}.json`, JSON.stringify(attachment), { mode: 0o600, flag: 'wx' });
      await link(`${temp}.json`, describedAt(input.tenantId, input.attachmentRef));
      return { created: true, attachment };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // Another upload of this ref finished first: it stands.
      const winner = await find(input.tenantId, input.attachmentRef);
      if (!winner) throw error;
      if (winner.sha256 !== sha256)
        await rm(bytesAt(input.tenantId, input.attachmentRef, sha256), { force: true });
      return { created: false, attachment: winner };
    } finally {
      await Promise.all([
        rm(`${temp}.bytes`, { force: true }),
        rm(`${temp}.json`, { force: true }),
      ]);
    }
  };

  /** The description's modification time is the upload's: it is written once, last, and never changed. */
  async function* listUploadedBefore(before: Date): AsyncGenerator<UploadedAttachment> {
    for (const tenantId of await entriesOf(root, 'folders')) {
      for (const name of await entriesOf(tenantDir(tenantId), 'files')) {
        const attachmentRef = name.slice(0, -'.json'.length);
        if (!name.endsWith('.json') || !isStorableAddress(tenantId, attachmentRef)) continue;
        const uploadedAt = await stat(describedAt(tenantId, attachmentRef)).then(
          (s) => s.mtime,
          ignoreMissing, // removed since the folder was read
        );
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
      const attachment = await find(tenantId, ref);
      if (!attachment) return null;
      return {
        attachment,
        body: createReadStream(bytesAt(tenantId, ref, attachment.sha256)),
      };
    },
    remove: async (tenantId, ref) => {
      const attachment = await find(tenantId, ref);
      if (!attachment) return;
      await unlink(describedAt(tenantId, ref)).catch(ignoreMissing);
      await unlink(bytesAt(tenantId, ref, attachment.sha256)).catch(ignoreMissing);
    },
  };
}

/** The names of a folder's sub-folders or files; none when it does not exist (nothing uploaded yet). */
async function entriesOf(dir: string, kind: 'folders' | 'files'): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    },
  );
  return entries
    .filter((entry) => (kind === 'folders' ? entry.isDirectory() : entry.isFile()))
    .map((entry) => entry.name);
}

function ignoreExisting(error: NodeJS.ErrnoException): void {
  if (error.code !== 'EEXIST') throw error;
}

function ignoreMissing(error: NodeJS.ErrnoException): void {
  if (error.code !== 'ENOENT') throw error;
}
