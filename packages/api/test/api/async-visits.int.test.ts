/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- black-box REST tests read untyped JSON bodies */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Encounter } from '@medplum/fhirtypes';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retryAsyncVisitEncounter } from '@virtual-care/domain';
import { fhirValidationIssues } from '../../src/adapters/fhir-validator';
import { rows } from './support/fixtures';
import { useStack, type ApiResponse, type Face } from './support/stack';
import { patientAccount } from './support/flows';

const stack = useStack();
const SUBMITTED = 'virtual_care.async_visit.submitted.v1';
let attachmentDir: string;
/** The services with the photos under a directory of this test (ATTACHMENT_DIR), as a single machine runs them. */
let face: Face;

beforeAll(() => {
  attachmentDir = mkdtempSync(path.join(tmpdir(), 'vc-async-visits-'));
  face = stack.face({ ATTACHMENT_DIR: attachmentDir });
});
afterAll(() => rmSync(attachmentDir, { recursive: true, force: true }));

type Tenant = Awaited<ReturnType<typeof stack.tenant>>;

interface Photo {
  ref: string;
  sha256: string;
  contentType: string;
}

/** A photo uploaded on its own before the visit, as the phone does. */
async function uploadPhoto(tenantId: string, contentType = 'image/jpeg'): Promise<Photo> {
  const bytes = randomBytes(3000);
  const photo = {
    ref: `att_${ulid()}`,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    contentType,
  };
  await face.services.attachments.put({
    tenantId,
    attachmentRef: photo.ref,
    contentType,
    sha256: photo.sha256,
    sizeBytes: bytes.length,
    uploadedBy: randomUUID(),
    body: (async function* () {
      yield bytes;
    })(),
  });
  return photo;
}

async function patientOf(t: Tenant): Promise<string> {
  return patientAccount(stack, t.tenantId, t.patientId);
}

interface VisitBody {
  id: string;
  chiefComplaint: string;
}

const visitOf = (res: ApiResponse): VisitBody => res.body as VisitBody;
const idsOf = (res: ApiResponse): string[] =>
  (res.body as { items: VisitBody[] }).items.map((v) => v.id);

const submit = (token: string, body: Record<string, unknown>) =>
  face.call('POST', '/async-visits', { token, body });

const draft = (overrides: Record<string, unknown> = {}) => ({
  clientMutationId: randomUUID(),
  chiefComplaint: 'A rash on my arm for three days',
  ...overrides,
});

const submittedEvents = (tenantId: string) =>
  rows<{ aggregate_id: string; payload: { payload: Record<string, unknown> } }>(
    stack.admin,
    'SELECT aggregate_id, payload FROM virtual_care_outbox WHERE tenant_id = $1 AND event_type = $2',
    [tenantId, SUBMITTED],
  );

const visitRows = (tenantId: string, clientMutationId: string) =>
  rows<{ id: string }>(
    stack.admin,
    'SELECT id FROM async_visits WHERE tenant_id = $1 AND client_mutation_id = $2',
    [tenantId, clientMutationId],
  );

/** The chart's Encounters of one visit (conditional create keyed by the visit id). */
const encountersOf = (visitId: string) =>
  (stack.fhir.encounters() as unknown as Encounter[]).filter((e) =>
    e.identifier?.some((i) => i.value === visitId),
  );

describe('VCARE-US-013 submit an async visit drafted offline', () => {
  it('US-013: POST /async-visits with a clientMutationId -> 201, the visit, and async_visit.submitted.v1 in the outbox', async () => {
    const t = await stack.tenant();
    const patient = await patientOf(t);
    const photo = await uploadPhoto(t.tenantId);
    const body = draft({ attachments: [photo] });
    const res = await submit(patient, body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.stringMatching(/^avs_/),
      patientId: t.patientId,
      status: 'submitted',
      clientMutationId: body.clientMutationId,
      chiefComplaint: body.chiefComplaint,
      attachmentRefs: [photo.ref],
      submittedAt: expect.any(String),
      response: null,
      encounterId: null,
    });
    const events = await submittedEvents(t.tenantId);
    expect(events).toHaveLength(1);
    expect(events[0]!.aggregate_id).toBe(res.body.id);
    expect(events[0]!.payload.payload).toMatchObject({
      asyncVisitId: res.body.id,
      patientId: t.patientId,
      attachmentCount: 1,
    });
    // Ids only: neither the complaint nor the photos' refs travel in the event.
    expect(JSON.stringify(events)).not.toContain('rash');
    expect(JSON.stringify(events)).not.toContain(photo.ref);
  });

  it('US-013: the same clientMutationId again -> 200 with the original AsyncVisitDto, nothing created', async () => {
    const t = await stack.tenant();
    const patient = await patientOf(t);
    const body = draft();
    const first = await submit(patient, body);
    const replay = await submit(patient, { ...body, chiefComplaint: 'edited while offline' });
    expect(first.status).toBe(201);
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(first.body);
    expect(await visitRows(t.tenantId, body.clientMutationId)).toHaveLength(1);
    expect(await submittedEvents(t.tenantId)).toHaveLength(1);
  });

  it('US-013: 20 concurrent replays -> one visit, one event; every answer is that visit', async () => {
    const t = await stack.tenant();
    const patient = await patientOf(t);
    const body = draft();
    const answers = await Promise.all(Array.from({ length: 20 }, () => submit(patient, body)));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(19);
    expect(new Set(answers.map((a) => visitOf(a).id)).size).toBe(1);
    expect(await visitRows(t.tenantId, body.clientMutationId)).toHaveLength(1);
    expect(await submittedEvents(t.tenantId)).toHaveLength(1);
  });

  it('US-013: a visit is accepted only when every attachment is stored with the declared SHA-256 and type', async () => {
    const t = await stack.tenant();
    const patient = await patientOf(t);
    const photo = await uploadPhoto(t.tenantId);
    const other = await stack.tenant();
    const elsewhere = await uploadPhoto(other.tenantId);
    const refused = [
      { ...photo, ref: `att_${ulid()}` }, // never uploaded
      { ...photo, sha256: createHash('sha256').update('other bytes').digest('hex') },
      { ...photo, contentType: 'image/png' },
      elsewhere, // another tenant's upload
    ];
    for (const bad of refused) {
      const body = draft({ attachments: [photo, bad] });
      const res = await submit(patient, body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { attachmentRef: bad.ref, field: expect.stringMatching(/^attachments\.1/) },
      });
      expect(await visitRows(t.tenantId, body.clientMutationId)).toHaveLength(0);
    }
    expect(await submittedEvents(t.tenantId)).toHaveLength(0);
    const accepted = await submit(patient, draft({ attachments: [photo] }));
    expect(accepted.status).toBe(201);
  });

  it('bad input -> 400 VALIDATION_FAILED with its issues: an empty complaint, no clientMutationId, a ref no upload makes, not an image', async () => {
    const t = await stack.tenant();
    const patient = await patientOf(t);
    const empty = await submit(patient, draft({ chiefComplaint: '  ' }));
    expect(empty.status).toBe(400);
    expect(empty.body).toEqual({
      code: 'VALIDATION_FAILED',
      message: expect.any(String),
      details: expect.anything(),
    });
    expect((await submit(patient, { chiefComplaint: 'no id' })).status).toBe(400);
    const photo = await uploadPhoto(t.tenantId);
    // Refused up front: uploads only hand out att_ + ULID refs.
    const badRef = await submit(patient, draft({ attachments: [{ ...photo, ref: '../etc' }] }));
    expect(badRef.status).toBe(400);
    expect(badRef.body.code).toBe('VALIDATION_FAILED');
    const notImage = await submit(
      patient,
      draft({ attachments: [{ ...photo, contentType: 'application/pdf' }] }),
    );
    expect(notImage.status).toBe(400);
  });

  it('more than 10 photos -> 422 ATTACHMENT_LIMIT_EXCEEDED with the limit; nothing stored', async () => {
    const t = await stack.tenant();
    const patient = await patientOf(t);
    const photos = await Promise.all(Array.from({ length: 11 }, () => uploadPhoto(t.tenantId)));
    const body = draft({ attachments: photos });
    const many = await submit(patient, body);
    expect(many.status).toBe(422);
    expect(many.body).toEqual({
      code: 'ATTACHMENT_LIMIT_EXCEEDED',
      message: expect.stringContaining('10'),
      details: { field: 'attachments', max: 10, count: 11 },
    });
    expect(await visitRows(t.tenantId, body.clientMutationId)).toHaveLength(0);
    const ten = await submit(patient, draft({ attachments: photos.slice(0, 10) }));
    expect(ten.status).toBe(201);
  });

  it('a clientMutationId another patient used is refused, and their visit is not shown', async () => {
    const t = await stack.tenant();
    const body = draft();
    expect((await submit(await patientOf(t), body)).status).toBe(201);
    const neighbour = await stack.patient(t.tenantId);
    const res = await submit(await patientAccount(stack, t.tenantId, neighbour), body);
    expect(res.status).toBe(400);
    expect(res.body.details).toMatchObject({ field: 'clientMutationId' });
    expect(JSON.stringify(res.body)).not.toContain('rash');
  });

  it('wrong role -> 403: a clinician cannot submit, a patient cannot review; no sign-in -> 401', async () => {
    const t = await stack.tenant();
    const patient = await patientOf(t);
    const visit = visitOf(await submit(patient, draft()));
    expect((await submit(t.token, draft())).status).toBe(403);
    const review = await face.call('POST', `/async-visits/${visit.id}/review`, {
      token: patient,
      body: {},
    });
    expect(review.status).toBe(403);
    expect(review.body.code).toBe('FORBIDDEN');
    expect((await face.call('GET', '/async-visits', { token: null })).status).toBe(401);
    // A patient account not linked to a patient record has nothing to submit for.
    const unlinked = await stack.tokenFor(randomUUID(), t.tenantId, ['patient']);
    expect((await submit(unlinked, draft())).status).toBe(403);
  });
});

describe("VCARE-US-013 the clinician's review and response", () => {
  async function submitted(): Promise<{ t: Tenant; patient: string; visit: VisitBody }> {
    const t = await stack.tenant();
    const patient = await patientOf(t);
    const photo = await uploadPhoto(t.tenantId);
    const visit = visitOf(await submit(patient, draft({ attachments: [photo] })));
    return { t, patient, visit };
  }

  const act = (t: Tenant, id: string, action: string, body: Record<string, unknown> = {}) =>
    face.call('POST', `/async-visits/${id}/${action}`, { token: t.token, body });

  it('US-013: submitted -> under_review -> responded (FHIR Encounter created) -> closed; the patient reads the answer', async () => {
    const { t, patient, visit } = await submitted();

    const queue = await face.call('GET', '/async-visits?status=submitted', { token: t.token });
    expect(queue.status).toBe(200);
    expect(idsOf(queue)).toEqual([visit.id]);

    const early = await act(t, visit.id, 'respond', { response: 'Too soon' });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({
      code: 'INVALID_STATUS_TRANSITION',
      details: { currentStatus: 'submitted' },
    });

    const review = await act(t, visit.id, 'review');
    expect(review.status).toBe(200);
    expect(review.body).toMatchObject({ status: 'under_review', providerId: t.clinicianId });
    expect((await act(t, visit.id, 'review')).status).toBe(409);

    const answer = 'Keep it dry and apply the cream twice a day; come in if it spreads.';
    const responded = await act(t, visit.id, 'respond', { response: answer });
    expect(responded.status).toBe(200);
    expect(responded.body).toMatchObject({
      status: 'responded',
      response: answer,
      respondedAt: expect.any(String),
      encounterId: expect.any(String),
      encounterPending: false,
      encounterRejection: null,
    });
    const encounters = encountersOf(visit.id);
    expect(encounters).toHaveLength(1);
    expect(encounters[0]).toMatchObject({
      id: responded.body.encounterId,
      subject: { reference: `Patient/${t.patientId}` },
    });
    expect(await fhirValidationIssues(encounters[0] as never)).toEqual([]);

    const seen = await face.call('GET', `/async-visits/${visit.id}`, { token: patient });
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ status: 'responded', response: answer });

    const closed = await act(t, visit.id, 'close');
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('closed');
    expect((await act(t, visit.id, 'close')).status).toBe(409);
  });

  it('FHIR down at respond -> 200 responded, encounterPending, the patient reads the answer; FHIR back + a retry -> one Encounter', async () => {
    const { t, patient, visit } = await submitted();
    await act(t, visit.id, 'review');
    const answer = 'Rest and fluids.';
    stack.fhir.setDown(true);
    let down;
    try {
      down = await act(t, visit.id, 'respond', { response: answer });
    } finally {
      stack.fhir.setDown(false);
    }
    expect(down.status).toBe(200);
    expect(down.body).toMatchObject({
      status: 'responded',
      response: answer,
      encounterId: null,
      encounterPending: true,
      encounterRejection: null,
    });
    const seen = await face.call('GET', `/async-visits/${visit.id}`, { token: patient });
    expect(seen.body).toMatchObject({ status: 'responded', response: answer, encounterId: null });
    expect(encountersOf(visit.id)).toHaveLength(0);
    // Answering again is refused: the answer is already kept.
    expect((await act(t, visit.id, 'respond', { response: answer })).status).toBe(409);

    // The worker's pass (apps/worker/src/encounter-retry.job.ts) runs this per visit; twice at once, then again.
    const retry = () =>
      retryAsyncVisitEncounter(face.services.deps, {
        tenantId: t.tenantId,
        asyncVisitId: visit.id,
      });
    await Promise.all([retry(), retry()]);
    expect(await retry()).toMatchObject({ pending: false, created: false });
    const encounters = encountersOf(visit.id);
    expect(encounters).toHaveLength(1);
    expect(await fhirValidationIssues(encounters[0] as never)).toEqual([]);
    const after = await face.call('GET', `/async-visits/${visit.id}`, { token: t.token });
    expect(after.body).toMatchObject({
      status: 'responded',
      encounterId: encounters[0]!.id,
      encounterPending: false,
    });
  });

  it('an Encounter the FHIR server refuses for good -> responded, the refusal on the visit, not pending', async () => {
    const { t, visit } = await submitted();
    await act(t, visit.id, 'review');
    stack.fhir.reject(visit.id, { diagnostics: 'Patient is not registered at this facility' });
    const res = await act(t, visit.id, 'respond', { response: 'Rest and fluids.' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'responded',
      encounterId: null,
      encounterPending: false,
      encounterRejection: {
        at: expect.any(String),
        httpStatus: 422,
        issues: [
          {
            severity: 'error',
            code: 'business-rule',
            text: 'Patient is not registered at this facility',
          },
        ],
      },
    });
    // Not sent again: a retry leaves it alone, without asking the FHIR server.
    const posts = stack.fhir.requestCount('POST Encounter');
    const retried = await retryAsyncVisitEncounter(face.services.deps, {
      tenantId: t.tenantId,
      asyncVisitId: visit.id,
    });
    expect(retried).toMatchObject({ pending: false, created: false });
    expect(stack.fhir.requestCount('POST Encounter')).toBe(posts);
    expect(encountersOf(visit.id)).toHaveLength(0);
  });

  it("another tenant's visit -> 404 for every route", async () => {
    const { visit } = await submitted();
    const other = await stack.tenant();
    const get = await face.call('GET', `/async-visits/${visit.id}`, { token: other.token });
    expect(get.status).toBe(404);
    expect(get.body.code).toBe('NOT_FOUND');
    for (const action of ['review', 'close']) {
      expect((await act(other, visit.id, action)).status).toBe(404);
    }
    expect((await act(other, visit.id, 'respond', { response: 'x' })).status).toBe(404);
    const list = await face.call('GET', '/async-visits', { token: other.token });
    expect(list.body.items).toEqual([]);
  });

  it('a patient lists and reads only their own visits; the database confines them too', async () => {
    const { t, patient, visit } = await submitted();
    const neighbourId = await stack.patient(t.tenantId);
    const neighbour = await patientAccount(stack, t.tenantId, neighbourId);
    const theirs = visitOf(await submit(neighbour, draft()));

    const mine = await face.call('GET', '/async-visits', { token: patient });
    expect(idsOf(mine)).toEqual([visit.id]);
    expect((await face.call('GET', `/async-visits/${theirs.id}`, { token: patient })).status).toBe(
      404,
    );
    // Row-level security (decision 0015): a patient's read does not see the neighbour's row at all.
    const seenByDb = await face.services.db.unitOfWork.readForPatient(
      t.tenantId,
      t.patientId,
      (scope) => scope.asyncVisits.findById(theirs.id),
    );
    expect(seenByDb).toBeNull();

    const clinicianList = await face.call('GET', '/async-visits', { token: t.token });
    expect(idsOf(clinicianList)).toEqual([visit.id, theirs.id]);
  });

  it('the queue pages with a cursor, oldest first', async () => {
    const { t, patient, visit } = await submitted();
    const second = visitOf(await submit(patient, draft()));
    const third = visitOf(await submit(patient, draft()));
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/async-visits?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await face.call('GET', query, { token: t.token });
      expect(page.status).toBe(200);
      ids.push(...idsOf(page));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(ids).toEqual([visit.id, second.id, third.id]);
    expect(
      (await face.call('GET', '/async-visits?cursor=not-a-cursor', { token: t.token })).status,
    ).toBe(400);
  });

  it('submitted content is immutable: there is no route that changes it', async () => {
    const { t, patient, visit } = await submitted();
    for (const method of ['PUT', 'PATCH']) {
      const res = await face.call(method, `/async-visits/${visit.id}`, {
        token: patient,
        body: { chiefComplaint: 'changed' },
      });
      expect(res.status).toBeGreaterThanOrEqual(404);
      expect(res.status).toBeLessThan(500);
    }
    const now = await face.call('GET', `/async-visits/${visit.id}`, { token: t.token });
    expect(now.body.chiefComplaint).toBe(visit.chiefComplaint);
  });
});

describe('issue 17: the answers to the intake questions travel with the visit', () => {
  const ONSET = { questionId: 'onset', question: 'از چه وقت؟', answer: 'سه روز' };
  const FEVER = { questionId: 'fever', question: 'Do you have a fever?', answer: ' No fever ' };

  it('the answers round-trip in order, trimmed, a skipped one dropped; the clinician reads them; no event carries them', async () => {
    const t = await stack.tenant();
    const patient = await patientOf(t);
    const body = draft({
      answers: [ONSET, { questionId: 'severity', question: 'How bad is it?', answer: '  ' }, FEVER],
    });
    const res = await submit(patient, body);
    expect(res.status).toBe(201);
    const kept = [ONSET, { ...FEVER, answer: 'No fever' }];
    expect(res.body.answers).toEqual(kept);
    const read = await face.call('GET', `/async-visits/${res.body.id}`, { token: t.token });
    expect(read.body.answers).toEqual(kept);
    const queue = await face.call('GET', '/async-visits?status=submitted', { token: t.token });
    expect(queue.body.items[0].answers).toEqual(kept);
    expect(JSON.stringify(await submittedEvents(t.tenantId))).not.toMatch(/سه روز|No fever/);

    const replay = await submit(patient, { ...body, answers: [{ ...ONSET, answer: 'a week' }] });
    expect(replay.status).toBe(200);
    expect(replay.body.answers).toEqual(kept);

    const none = await submit(patient, draft());
    expect(none.status).toBe(201);
    expect(none.body.answers).toEqual([]);
  });

  it('answers beyond the limits -> 400 VALIDATION_FAILED; nothing stored', async () => {
    const t = await stack.tenant();
    const patient = await patientOf(t);
    const refused: [unknown[], string][] = [
      [Array.from({ length: 21 }, (_, i) => ({ ...ONSET, questionId: `q${i}` })), 'answers'],
      [[{ ...ONSET, question: 'q'.repeat(301) }], 'answers.0.question'],
      [[{ ...ONSET, question: ' ' }], 'answers.0.question'],
      [[ONSET, { ...FEVER, answer: 'a'.repeat(1001) }], 'answers.1.answer'],
      [[{ ...ONSET, questionId: 'Since when' }], 'answers.0.questionId'],
      [[{ ...ONSET, extra: 'x' }], 'answers.0'],
    ];
    for (const [answers, path] of refused) {
      const body = draft({ answers });
      const res = await submit(patient, body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
      expect(await visitRows(t.tenantId, body.clientMutationId)).toHaveLength(0);
    }
    // The same question twice passes the schema and is refused by the visit itself.
    const twice = await submit(patient, draft({ answers: [ONSET, ONSET] }));
    expect(twice.status).toBe(400);
    expect(twice.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { field: 'answers.1.questionId' },
    });
    const atLimits = Array.from({ length: 20 }, (_, i) => ({
      questionId: `q${i}`,
      question: 'q'.repeat(300),
      answer: 'a'.repeat(1000),
    }));
    const accepted = await submit(patient, draft({ answers: atLimits }));
    expect(accepted.status).toBe(201);
    expect(accepted.body.answers).toEqual(atLimits);
    expect(await submittedEvents(t.tenantId)).toHaveLength(1);
  });

  it('the answers are immutable: no route changes them, and review and response keep them', async () => {
    const t = await stack.tenant();
    const patient = await patientOf(t);
    const visit = await submit(patient, draft({ answers: [ONSET] }));
    for (const method of ['PUT', 'PATCH']) {
      const res = await face.call(method, `/async-visits/${visit.body.id}`, {
        token: patient,
        body: { answers: [{ ...ONSET, answer: 'a month' }] },
      });
      expect(res.status).toBeGreaterThanOrEqual(404);
      expect(res.status).toBeLessThan(500);
    }
    const act = (action: string, body: Record<string, unknown> = {}) =>
      face.call('POST', `/async-visits/${visit.body.id}/${action}`, { token: t.token, body });
    expect((await act('review')).body.answers).toEqual([ONSET]);
    const responded = await act('respond', { response: 'Rest and drink water.' });
    expect(responded.body).toMatchObject({ status: 'responded', answers: [ONSET] });
    const seen = await face.call('GET', `/async-visits/${visit.body.id}`, { token: patient });
    expect(seen.body.answers).toEqual([ONSET]);
  });
});

describe('VCARE-US-013 in the OpenAPI document', () => {
  it('lists the async-visit routes; POST /async-visits answers 201, and 200 with the original on a replay', async () => {
    const doc = await face.call('GET', '/openapi.json');
    expect(Object.keys(doc.body.paths as object)).toEqual(
      expect.arrayContaining([
        '/async-visits',
        '/async-visits/{id}',
        '/async-visits/{id}/review',
        '/async-visits/{id}/respond',
        '/async-visits/{id}/close',
      ]),
    );
    const responses = doc.body.paths['/async-visits'].post.responses;
    expect(responses['201'].content['application/json'].schema).toEqual(
      responses['200'].content['application/json'].schema,
    );
    expect(responses['200'].description).toContain('clientMutationId');
    expect(doc.body.paths['/sessions'].post.responses['200']).toBeUndefined();
  });
});
