import { describe, expect, it } from 'vitest';
import { getAsyncVisit, listAsyncVisits } from '../src/use-cases/get-async-visits.use-case';
import { reviewAsyncVisit } from '../src/use-cases/review-async-visit.use-case';
import { submitAsyncVisit } from '../src/use-cases/submit-async-visit.use-case';
import { harness, PATIENT, TENANT, type Harness } from './fakes/harness';
import { expectCode } from './helpers';

const submit = (h: Harness, cmid: string, patientId = PATIENT) =>
  submitAsyncVisit(h, {
    tenantId: TENANT,
    patientId,
    clientMutationId: cmid,
    chiefComplaint: 'cough for a week',
    attachments: [],
  });

describe('async visit reads (US-013)', () => {
  it('the review queue filters by status and pages; a patient lists only their own', async () => {
    const h = harness();
    const a = (await submit(h, 'c1')).visit;
    const b = (await submit(h, 'c2', 'patient-2')).visit;
    const c = (await submit(h, 'c3')).visit;
    await reviewAsyncVisit(h, {
      tenantId: TENANT,
      asyncVisitId: c.id,
      providerId: 'dr',
      action: 'start_review',
    });

    const first = await listAsyncVisits(h, { tenantId: TENANT, limit: 2 });
    expect(first.items.map((v) => v.id)).toEqual([a.id, b.id]);
    const second = await listAsyncVisits(h, { tenantId: TENANT, cursor: first.nextCursor });
    expect(second).toMatchObject({ items: [{ id: c.id }], nextCursor: null });

    const waiting = await listAsyncVisits(h, { tenantId: TENANT, status: ['submitted'] });
    expect(waiting.items.map((v) => v.id)).toEqual([a.id, b.id]);

    const own = await listAsyncVisits(h, { tenantId: TENANT, patientId: PATIENT });
    expect(own.items.map((v) => v.id)).toEqual([a.id, c.id]);
  });

  it("a patient gets their own visit; another patient's or tenant's answers NOT_FOUND", async () => {
    const h = harness();
    const mine = (await submit(h, 'c1')).visit;
    const theirs = (await submit(h, 'c2', 'patient-2')).visit;
    expect(
      await getAsyncVisit(h, { tenantId: TENANT, patientId: PATIENT, asyncVisitId: mine.id }),
    ).toEqual(mine);
    expect(await getAsyncVisit(h, { tenantId: TENANT, asyncVisitId: theirs.id })).toEqual(theirs);
    await expectCode(
      getAsyncVisit(h, { tenantId: TENANT, patientId: PATIENT, asyncVisitId: theirs.id }),
      'NOT_FOUND',
    );
    await expectCode(
      getAsyncVisit(h, { tenantId: 'tenant-b', asyncVisitId: mine.id }),
      'NOT_FOUND',
    );
  });
});
