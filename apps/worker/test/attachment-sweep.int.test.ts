import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createFileSystemAttachmentStore, systemClock, ulidIds } from '@virtual-care/api';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { runAttachmentSweepPass } from '../src/attachment-sweep.job';
import { answeredAsyncVisitRecord, createTenant, useTestContext } from './support/fixtures';

const ctx = useTestContext();
const dir = mkdtempSync(path.join(tmpdir(), 'vc-attachment-sweep-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const store = createFileSystemAttachmentStore({ dir });
const WEEK_HOURS = 168;
const DAY = 86_400_000;

/** A ref as the patient's phone makes one: `att_` and a ULID. */
const newRef = () => `att_${ulidIds.next('evt').slice('evt_'.length)}`;

/** A photo in the store, uploaded `daysAgo` days ago (its description's time is its upload's). */
async function upload(tenantId: string, daysAgo: number, ref = newRef()): Promise<string> {
  const bytes = randomBytes(500);
  await store.put({
    tenantId,
    attachmentRef: ref,
    contentType: 'image/jpeg',
    sha256: createHash('sha256').update(bytes).digest('hex'),
    sizeBytes: bytes.length,
    uploadedBy: 'patient-user',
    body: (async function* () {
      yield bytes;
    })(),
  });
  const at = new Date(Date.now() - daysAgo * DAY);
  await utimes(path.join(dir, tenantId, `${ref}.json`), at, at);
  return ref;
}

/** A visit of the tenant that names these photos. */
async function visitNaming(tenantId: string, refs: string[]): Promise<void> {
  const visit = answeredAsyncVisitRecord(tenantId, new Date(), { attachmentRefs: refs });
  await ctx.db.unitOfWork.run(tenantId, (scope) => scope.asyncVisits.insertIfAbsent(visit));
}

const kept = async (tenantId: string, ref: string) =>
  (await store.describe(tenantId, ref)) !== null;

describe('sweep of photos no async visit claimed (worker job, real PostgreSQL)', () => {
  it('removes an old unclaimed photo; keeps a claimed one, a recent one, and another tenant’s photo of the same ref', async () => {
    const tenantId = await createTenant(ctx.admin);
    const otherTenant = await createTenant(ctx.admin);
    const abandoned = await upload(tenantId, 8); // the draft was deleted, or the visit refused
    const claimed = await upload(tenantId, 30);
    const recent = await upload(tenantId, 6); // a draft still waiting for a connection
    await visitNaming(tenantId, [claimed]);
    // The other tenant's visit names a photo under the same ref: it claims theirs, not this tenant's.
    const sharedRef = await upload(otherTenant, 9);
    await upload(tenantId, 9, sharedRef);
    await visitNaming(otherTenant, [sharedRef]);

    const lines: string[] = [];
    const log = pino(
      { level: 'info' },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString());
          done();
        },
      }),
    );
    await runAttachmentSweepPass(
      { attachments: store, uow: ctx.db.unitOfWork, clock: systemClock, log },
      WEEK_HOURS,
    );

    expect(await kept(tenantId, abandoned)).toBe(false);
    expect(await kept(tenantId, sharedRef)).toBe(false);
    expect(await kept(tenantId, claimed)).toBe(true);
    expect(await kept(tenantId, recent)).toBe(true);
    expect(await kept(otherTenant, sharedRef)).toBe(true);

    // The operator reads how many, per tenant; never which photos.
    const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logged).toContainEqual(
      expect.objectContaining({ tenantId, removed: 2, msg: 'unclaimed photos removed' }),
    );
    expect(logged.some((l) => l.tenantId === otherTenant)).toBe(false);
    for (const ref of [abandoned, claimed, recent, sharedRef])
      expect(lines.join('\n')).not.toContain(ref);
  });

  it('a second pass finds nothing more to remove', async () => {
    const tenantId = await createTenant(ctx.admin);
    await upload(tenantId, 10);
    const deps = {
      attachments: store,
      uow: ctx.db.unitOfWork,
      clock: systemClock,
      log: pino({ level: 'silent' }),
    };
    expect((await runAttachmentSweepPass(deps, WEEK_HOURS)).removed).toBeGreaterThanOrEqual(1);
    expect((await runAttachmentSweepPass(deps, WEEK_HOURS)).removed).toBe(0);
  });
});
