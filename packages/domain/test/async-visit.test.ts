import { describe, expect, it } from 'vitest';
import { draftAsyncVisit, reviseAsyncVisit } from '../src/async-visit/async-visit.aggregate';
import {
  DEFAULT_INTAKE_QUESTION_IDS,
  DEFAULT_INTAKE_QUESTIONS,
  INTAKE_QUESTION_ID_PATTERN,
  type IntakeAnswer,
} from '../src/async-visit/intake-answers.value';
import { respondAsyncVisit } from '../src/use-cases/respond-async-visit.use-case';
import { retryAsyncVisitEncounter } from '../src/use-cases/retry-async-visit-encounter.use-case';
import { reviewAsyncVisit } from '../src/use-cases/review-async-visit.use-case';
import { submitAsyncVisit } from '../src/use-cases/submit-async-visit.use-case';
import { harness, PATIENT, TENANT, type Harness } from './fakes/harness';
import { expectCode } from './helpers';

const answer = { tenantId: TENANT, providerId: 'dr', response: ' Apply the cream twice a day. ' };

const PHOTO = { ref: 'att-1', sha256: 'ab'.repeat(32), contentType: 'image/jpeg' };

const ONSET = { questionId: 'onset', question: 'Since when?', answer: 'Three days' };

const submit = (h: Harness, cmid = 'cmid-1', attachments = [PHOTO]) => {
  h.attachments.add(TENANT, PHOTO.ref, {
    contentType: PHOTO.contentType,
    sha256: PHOTO.sha256,
    sizeBytes: 1200,
  });
  return submitAsyncVisit(h, {
    tenantId: TENANT,
    patientId: PATIENT,
    clientMutationId: cmid,
    chiefComplaint: 'rash on arm',
    attachments,
  });
};

const startReview = (h: Harness, asyncVisitId: string, providerId = 'dr') =>
  reviewAsyncVisit(h, { tenantId: TENANT, asyncVisitId, providerId, action: 'start_review' });

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

  it('US-013: a visit is accepted only when every attachment is stored as declared; the bad ref is named', async () => {
    const h = harness();
    const cases: [typeof PHOTO, string][] = [
      [{ ...PHOTO, ref: 'att-missing' }, 'attachments.1'],
      [{ ...PHOTO, ref: 'att-1', sha256: 'cd'.repeat(32) }, 'attachments.1.sha256'],
      [{ ...PHOTO, contentType: 'image/png' }, 'attachments.1.contentType'],
    ];
    h.attachments.add(TENANT, 'att-0', {
      contentType: 'image/jpeg; q=1',
      sha256: PHOTO.sha256.toUpperCase(),
      sizeBytes: 10,
    });
    const first = { ...PHOTO, ref: 'att-0' };
    for (const [bad, field] of cases) {
      const refused = await submit(h, 'cmid-bad', [first, bad]).catch((e: unknown) => e);
      expect(refused).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { field, attachmentRef: bad.ref },
      });
    }
    await expectCode(submit(h, 'cmid-bad', [PHOTO, PHOTO]), 'VALIDATION_FAILED');
    expect(h.uow.tables.visits.size).toBe(0);
    expect(h.uow.outbox).toHaveLength(0);
    expect((await submit(h, 'cmid-ok', [first, PHOTO])).visit.attachmentRefs).toEqual([
      'att-0',
      'att-1',
    ]);
  });

  it('too many photos -> ATTACHMENT_LIMIT_EXCEEDED with the limit, before the store is asked', async () => {
    const h = harness();
    const many = Array.from({ length: 11 }, (_, i) => ({ ...PHOTO, ref: `att-${i}` }));
    await expect(submit(h, 'cmid-many', many)).rejects.toMatchObject({
      code: 'ATTACHMENT_LIMIT_EXCEEDED',
      details: { field: 'attachments', max: 10, count: 11 },
    });
    expect(h.attachments.described).toBe(0);
  });

  it('a clientMutationId another patient used answers VALIDATION_FAILED, never their visit', async () => {
    const h = harness();
    await submit(h);
    const stranger = await submitAsyncVisit(h, {
      tenantId: TENANT,
      patientId: 'patient-2',
      clientMutationId: 'cmid-1',
      chiefComplaint: 'headache',
      attachments: [],
    }).catch((e: unknown) => e);
    expect(stranger).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { field: 'clientMutationId' },
    });
    expect(JSON.stringify(stranger)).not.toContain('rash');
  });

  it("a submission that loses the insert race answers the winner's visit and raises no second event", async () => {
    const h = harness();
    const first = await submit(h);
    // The other request commits between this one's first read and its insert.
    const realRead = h.uow.read.bind(h.uow);
    h.uow.read = (tenantId, work) =>
      realRead(tenantId, (scope) =>
        work({
          ...scope,
          asyncVisits: { ...scope.asyncVisits, findByClientMutationId: async () => null },
        }),
      );
    expect(await submit(h)).toEqual({ visit: first.visit, created: false });
    expect(h.uow.outbox).toHaveLength(1);
    const stranger = submitAsyncVisit(h, {
      tenantId: TENANT,
      patientId: 'patient-2',
      clientMutationId: 'cmid-1',
      chiefComplaint: 'headache',
      attachments: [],
    });
    await expectCode(stranger, 'VALIDATION_FAILED');
  });

  it('US-013: provider response creates a FHIR Encounter and moves the visit to responded; then close', async () => {
    const h = harness();
    const { visit } = await submit(h);
    await expectCode(
      respondAsyncVisit(h, { ...answer, asyncVisitId: visit.id }),
      'INVALID_STATUS_TRANSITION',
    );
    await startReview(h, visit.id, 'dr-reviewer');
    await expectCode(
      respondAsyncVisit(h, { ...answer, asyncVisitId: visit.id, response: '  ' }),
      'VALIDATION_FAILED',
    );
    expect(h.fhir.calls).toHaveLength(0);
    const responded = await respondAsyncVisit(h, { ...answer, asyncVisitId: visit.id });
    expect(responded).toMatchObject({
      visit: {
        status: 'responded',
        providerId: 'dr',
        encounterId: 'enc-1',
        encounterRejection: null,
        respondedAt: h.clock.now(),
        responseText: 'Apply the cream twice a day.',
      },
      encounterPending: false,
      encounterFailure: null,
    });
    expect(h.fhir.calls.at(-1)).toMatchObject({
      source: 'async_visit',
      sourceId: visit.id,
      practitionerIds: ['dr'],
      periodStart: visit.submittedAt,
      periodEnd: h.clock.now(),
    });
    const closed = await reviewAsyncVisit(h, {
      tenantId: TENANT,
      asyncVisitId: visit.id,
      providerId: 'dr',
      action: 'close',
    });
    expect(closed).toMatchObject({ status: 'closed', encounterId: 'enc-1' });
    await expectCode(
      reviewAsyncVisit(h, {
        tenantId: TENANT,
        asyncVisitId: visit.id,
        providerId: 'dr',
        action: 'close',
      }),
      'INVALID_STATUS_TRANSITION',
    );
    // Nothing left for the retry job.
    expect(
      (await retryAsyncVisitEncounter(h, { tenantId: TENANT, asyncVisitId: visit.id })).pending,
    ).toBe(false);
    expect(h.fhir.calls).toHaveLength(1);
  });

  it('FHIR down at respond: the response is kept (responded, encounter pending); the retry creates one Encounter', async () => {
    const h = harness();
    const { visit } = await submit(h);
    await startReview(h, visit.id);
    h.fhir.down = true;
    const responded = await respondAsyncVisit(h, { ...answer, asyncVisitId: visit.id });
    expect(responded).toMatchObject({
      visit: {
        status: 'responded',
        encounterId: null,
        responseText: 'Apply the cream twice a day.',
      },
      encounterPending: true,
      encounterFailure: { kind: 'outage', reason: 'Error: FHIR gateway 503' },
    });
    expect(h.uow.tables.visits.get(visit.id)).toMatchObject({
      status: 'responded',
      encounterId: null,
    });
    await expectCode(
      respondAsyncVisit(h, { ...answer, asyncVisitId: visit.id }),
      'INVALID_STATUS_TRANSITION',
    );

    const stillDown = await retryAsyncVisitEncounter(h, {
      tenantId: TENANT,
      asyncVisitId: visit.id,
    });
    expect(stillDown).toMatchObject({ pending: true, created: false, failure: { kind: 'outage' } });
    const awaiting = await h.uow.read(TENANT, (scope) =>
      scope.asyncVisits.list({ awaitingEncounter: true, limit: 10 }),
    );
    expect(awaiting.items.map((v) => v.id)).toEqual([visit.id]);

    h.clock.advanceSeconds(60);
    h.fhir.down = false;
    const retried = await retryAsyncVisitEncounter(h, { tenantId: TENANT, asyncVisitId: visit.id });
    expect(retried).toMatchObject({
      pending: false,
      created: true,
      failure: null,
      visit: { status: 'responded', encounterId: 'enc-1' },
    });
    // The Encounter's period ends when the clinician answered, not when the chart came back.
    expect(h.fhir.calls.at(-1)).toMatchObject({
      sourceId: visit.id,
      periodEnd: responded.visit.respondedAt,
    });
    const again = await retryAsyncVisitEncounter(h, { tenantId: TENANT, asyncVisitId: visit.id });
    expect(again).toMatchObject({ pending: false, created: false });
    expect(h.fhir.encounters.size).toBe(1);
  });

  it('an Encounter the FHIR server refuses for good is recorded on the visit and not retried', async () => {
    const h = harness();
    const { visit } = await submit(h);
    await startReview(h, visit.id);
    h.fhir.rejects.add(visit.id);
    const responded = await respondAsyncVisit(h, { ...answer, asyncVisitId: visit.id });
    expect(responded).toMatchObject({
      visit: {
        status: 'responded',
        encounterId: null,
        encounterRejection: { at: h.clock.now(), httpStatus: 422 },
      },
      encounterPending: false,
      encounterFailure: { kind: 'rejected' },
    });
    const calls = h.fhir.calls.length;
    const retried = await retryAsyncVisitEncounter(h, { tenantId: TENANT, asyncVisitId: visit.id });
    expect(retried).toMatchObject({ pending: false, created: false, failure: null });
    expect(h.fhir.calls).toHaveLength(calls);
  });

  it('a retry finding the Encounter already stored by another worker keeps that one', async () => {
    const h = harness();
    const { visit } = await submit(h);
    await startReview(h, visit.id);
    h.fhir.down = true;
    await respondAsyncVisit(h, { ...answer, asyncVisitId: visit.id });
    h.fhir.down = false;
    // Another worker stores its id between this retry's create and its write.
    const create = h.fhir.createEncounter.bind(h.fhir);
    h.fhir.createEncounter = async (input) => {
      const id = await create(input);
      const stored = h.uow.tables.visits.get(visit.id)!;
      h.uow.tables.visits.set(visit.id, { ...stored, encounterId: 'enc-other' });
      return id;
    };
    const retried = await retryAsyncVisitEncounter(h, { tenantId: TENANT, asyncVisitId: visit.id });
    expect(retried).toMatchObject({
      created: false,
      pending: false,
      visit: { encounterId: 'enc-other' },
    });
  });

  it('an answered visit with no provider or submission time on record (imported) still gets its Encounter', async () => {
    const h = harness();
    const { visit } = await submit(h);
    const respondedAt = new Date('2026-04-30T12:00:00Z');
    h.uow.tables.visits.set(visit.id, {
      ...visit,
      status: 'closed',
      providerId: null,
      submittedAt: null,
      respondedAt,
      responseText: 'Seen.',
    });
    const retried = await retryAsyncVisitEncounter(h, { tenantId: TENANT, asyncVisitId: visit.id });
    expect(retried).toMatchObject({ created: true, visit: { encounterId: 'enc-1' } });
    expect(h.fhir.calls.at(-1)).toMatchObject({
      practitionerIds: [],
      periodStart: visit.createdAt,
      periodEnd: respondedAt,
    });
  });

  it('a visit not yet answered has no Encounter to retry', async () => {
    const h = harness();
    const { visit } = await submit(h);
    await expectCode(
      retryAsyncVisitEncounter(h, { tenantId: TENANT, asyncVisitId: visit.id }),
      'INVALID_STATUS_TRANSITION',
    );
    expect(h.fhir.calls).toHaveLength(0);
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
      answers: [ONSET],
    };
    const draft = draftAsyncVisit('avs_1', base, now);
    const revised = reviseAsyncVisit(
      draft,
      { chiefComplaint: 'y', attachmentRefs: ['a'], answers: [{ ...ONSET, answer: ' 2 days ' }] },
      now,
    );
    expect(revised).toMatchObject({
      chiefComplaint: 'y',
      answers: [{ questionId: 'onset', answer: '2 days' }],
    });
    await expectCode(
      () =>
        reviseAsyncVisit(
          { ...draft, status: 'submitted' },
          { chiefComplaint: 'z', attachmentRefs: [], answers: [] },
          now,
        ),
      'INVALID_STATUS_TRANSITION',
    );
    await expectCode(
      () => reviseAsyncVisit(draft, { ...base, answers: [ONSET, ONSET] }, now),
      'VALIDATION_FAILED',
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
      'ATTACHMENT_LIMIT_EXCEEDED',
    );
  });
  it('issue 17: the intake answers are kept as the patient gave them, in order, blank ones dropped; no event carries them', async () => {
    const h = harness();
    const { visit } = await submitAsyncVisit(h, {
      tenantId: TENANT,
      patientId: PATIENT,
      clientMutationId: 'cmid-answers',
      chiefComplaint: 'rash on arm',
      attachments: [],
      answers: [
        { questionId: 'severity', question: ' How bad is it? ', answer: ' moderate ' },
        { questionId: 'fever', question: 'Do you have a fever?', answer: '   ' },
        { questionId: 'onset', question: 'از چه وقت؟', answer: 'سه روز' },
      ],
    });
    expect(visit.answers).toEqual([
      { questionId: 'severity', question: 'How bad is it?', answer: 'moderate' },
      { questionId: 'onset', question: 'از چه وقت؟', answer: 'سه روز' },
    ]);
    expect(h.uow.tables.visits.get(visit.id)?.answers).toEqual(visit.answers);
    expect(JSON.stringify(h.uow.outbox)).not.toMatch(/moderate|How bad/);
    // A replay with other answers still answers the original visit.
    const replay = await submitAsyncVisit(h, {
      tenantId: TENANT,
      patientId: PATIENT,
      clientMutationId: 'cmid-answers',
      chiefComplaint: 'rash on arm',
      attachments: [],
      answers: [{ ...ONSET, answer: 'a week' }],
    });
    expect(replay).toEqual({ visit, created: false });
  });

  it('issue 17: answers out of bounds are refused as VALIDATION_FAILED naming the field, and nothing is stored', async () => {
    const h = harness();
    const cases: [IntakeAnswer[], string][] = [
      [Array.from({ length: 21 }, (_, i) => ({ ...ONSET, questionId: `q${i}` })), 'answers'],
      [[{ ...ONSET, question: 'q'.repeat(301) }], 'answers.0.question'],
      [[{ ...ONSET, question: '  ' }], 'answers.0.question'],
      [[ONSET, { ...ONSET, answer: 'a'.repeat(1001), questionId: 'fever' }], 'answers.1.answer'],
      [[{ ...ONSET, questionId: 'Onset date' }], 'answers.0.questionId'],
      [[ONSET, ONSET], 'answers.1.questionId'],
    ];
    for (const [answers, field] of cases) {
      const refused = await submitAsyncVisit(h, {
        tenantId: TENANT,
        patientId: PATIENT,
        clientMutationId: 'cmid-bad-answers',
        chiefComplaint: 'rash on arm',
        attachments: [],
        answers,
      }).catch((e: unknown) => e);
      expect(refused).toMatchObject({ code: 'VALIDATION_FAILED', details: { field } });
    }
    expect(h.uow.tables.visits.size).toBe(0);
    // The limits themselves are allowed.
    const { visit } = await submitAsyncVisit(h, {
      tenantId: TENANT,
      patientId: PATIENT,
      clientMutationId: 'cmid-at-limits',
      chiefComplaint: 'rash on arm',
      attachments: [],
      answers: Array.from({ length: 20 }, (_, i) => ({
        questionId: `q${i}`,
        question: 'q'.repeat(300),
        answer: 'a'.repeat(1000),
      })),
    });
    expect(visit.answers).toHaveLength(20);
  });

  it('issue 17: the answers stay as submitted through review and response', async () => {
    const h = harness();
    const { visit } = await submitAsyncVisit(h, {
      tenantId: TENANT,
      patientId: PATIENT,
      clientMutationId: 'cmid-kept',
      chiefComplaint: 'rash on arm',
      attachments: [],
      answers: [ONSET],
    });
    await startReview(h, visit.id);
    const responded = await respondAsyncVisit(h, { ...answer, asyncVisitId: visit.id });
    expect(responded.visit.answers).toEqual([ONSET]);
  });

  it('issue 17: the default intake questions have stable ids and wording for each', () => {
    expect(DEFAULT_INTAKE_QUESTION_IDS).toEqual(['onset', 'severity', 'fever', 'medicines']);
    for (const id of DEFAULT_INTAKE_QUESTION_IDS) {
      expect(id).toMatch(INTAKE_QUESTION_ID_PATTERN);
      expect(DEFAULT_INTAKE_QUESTIONS[id].length).toBeGreaterThan(0);
    }
  });
});
