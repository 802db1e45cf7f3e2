import { describe, expect, it } from 'vitest';
import { draftAsyncVisit, reviseAsyncVisit } from '../src/async-visit/async-visit.aggregate';
import { respondAsyncVisit } from '../src/use-cases/respond-async-visit.use-case';
import { reviewAsyncVisit } from '../src/use-cases/review-async-visit.use-case';
import { submitAsyncVisit } from '../src/use-cases/submit-async-visit.use-case';
import { harness, PATIENT, TENANT, type Harness } from './fakes/harness';
import { expectCode } from './helpers';

const submit = (h: Harness, cmid = 'cmid-1') =>
  submitAsyncVisit(h, {
    tenantId: TENANT,
    patientId: PATIENT,
    clientMutationId: cmid,
    chiefComplaint: 'rash on arm',
    attachmentRefs: ['att-1'],
  });

describe('async visits (US-013)', () => {
  it('US-013: submit with a clientMutationId creates the visit and emits async_visit.submitted.v1 (no complaint text)', async () => {
    const h = harness();
    const { visit, created } = await submit(h);
    expect(created).toBe(true);
    expect(visit).toMatchObject({
      status: 'submitted',
      submittedAt: h.clock.now(),
      providerId: null,
      appointmentId: null,
    });
    expect(h.uow.eventTypes()).toEqual(['virtual_care.async_visit.submitted.v1']);
    expect(JSON.stringify(h.uow.outbox)).not.toContain('rash');
  });

  it('US-013: the same clientMutationId twice returns the original visit, no duplicate', async () => {
    const h = harness();
    const first = await submit(h);
    const second = await submit(h);
    expect(second).toEqual({ visit: first.visit, created: false });
    expect(h.uow.tables.visits.size).toBe(1);
    expect(h.uow.outbox).toHaveLength(1);
  });

  it('a replay that loses the insert race raises no second event', async () => {
    const h = harness();
    await submit(h);
    const real = h.uow.run.bind(h.uow);
    h.uow.run = (tenantId, work) =>
      real(tenantId, (scope) =>
        work({
          ...scope,
          asyncVisits: { ...scope.asyncVisits, findByClientMutationId: async () => null },
        }),
      );
    expect((await submit(h)).created).toBe(false);
    expect(h.uow.outbox).toHaveLength(1);
  });

  it('US-013: provider response creates a FHIR Encounter and moves the visit to responded; then close', async () => {
    const h = harness();
    const { visit } = await submit(h);
    await expectCode(
      respondAsyncVisit(h, { tenantId: TENANT, asyncVisitId: visit.id, providerId: 'dr' }),
      'INVALID_STATUS_TRANSITION',
    );
    await reviewAsyncVisit(h, {
      tenantId: TENANT,
      asyncVisitId: visit.id,
      providerId: 'dr',
      action: 'start_review',
    });
    h.fhir.down = true;
    await expectCode(
      respondAsyncVisit(h, { tenantId: TENANT, asyncVisitId: visit.id, providerId: 'dr' }),
      'FHIR_GATEWAY_UNAVAILABLE',
    );
    h.fhir.down = false;
    const responded = await respondAsyncVisit(h, {
      tenantId: TENANT,
      asyncVisitId: visit.id,
      providerId: 'dr',
    });
    expect(responded).toMatchObject({
      status: 'responded',
      encounterId: 'enc-1',
      respondedAt: h.clock.now(),
    });
    expect(h.fhir.calls.at(-1)).toMatchObject({ source: 'async_visit', sourceId: visit.id });
    const closed = await reviewAsyncVisit(h, {
      tenantId: TENANT,
      asyncVisitId: visit.id,
      providerId: 'dr',
      action: 'close',
    });
    expect(closed.status).toBe('closed');
    await expectCode(
      reviewAsyncVisit(h, {
        tenantId: TENANT,
        asyncVisitId: visit.id,
        providerId: 'dr',
        action: 'close',
      }),
      'INVALID_STATUS_TRANSITION',
    );
  });

  it('another tenant cannot read the visit', async () => {
    const h = harness();
    const { visit } = await submit(h);
    await expectCode(
      reviewAsyncVisit(h, {
        tenantId: 'tenant-b',
        asyncVisitId: visit.id,
        providerId: 'dr',
        action: 'close',
      }),
      'NOT_FOUND',
    );
  });

  it('content is immutable once submitted; drafts validate content', async () => {
    const now = new Date();
    const base = {
      tenantId: TENANT,
      patientId: PATIENT,
      appointmentId: null,
      providerId: null,
      clientMutationId: 'c',
      chiefComplaint: 'x',
      attachmentRefs: [],
    };
    const draft = draftAsyncVisit('avs_1', base, now);
    expect(
      reviseAsyncVisit(draft, { chiefComplaint: 'y', attachmentRefs: ['a'] }, now).chiefComplaint,
    ).toBe('y');
    await expectCode(
      () =>
        reviseAsyncVisit(
          { ...draft, status: 'submitted' },
          { chiefComplaint: 'z', attachmentRefs: [] },
          now,
        ),
      'INVALID_STATUS_TRANSITION',
    );
    await expectCode(
      () => draftAsyncVisit('avs_2', { ...base, chiefComplaint: ' ' }, now),
      'VALIDATION_FAILED',
    );
    await expectCode(
      () => draftAsyncVisit('avs_2', { ...base, clientMutationId: '' }, now),
      'VALIDATION_FAILED',
    );
    await expectCode(
      () =>
        draftAsyncVisit(
          'avs_2',
          { ...base, attachmentRefs: Array.from({ length: 11 }, (_, i) => `a${i}`) },
          now,
        ),
      'VALIDATION_FAILED',
    );
  });
});
