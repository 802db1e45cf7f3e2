import { describe, expect, it } from 'vitest';
import { isDomainError } from '../src/errors/domain.errors';
import { FhirRejectionError, isFhirRejection } from '../src/ports/fhir-gateway.port';
import { endSession } from '../src/use-cases/end-session.use-case';
import { getSessionList } from '../src/use-cases/get-session-list.use-case';
import { retryEncounter } from '../src/use-cases/retry-encounter.use-case';
import { activeSession, CLINICIAN, harness, TENANT } from './fakes/harness';

const BILLING = 'virtual_care.billing.session_chargeable.v1';

describe('the Encounter saga tells a permanent rejection from an outage (issue 15)', () => {
  it('a rejection at end: recorded on the session with its OperationOutcome, not pending, nothing billed', async () => {
    const h = harness();
    const s = await activeSession(h);
    h.fhir.rejects.add(s.sessionId);
    const ended = await endSession(h, {
      tenantId: TENANT,
      sessionId: s.sessionId,
      actorId: CLINICIAN,
    });
    expect(ended.session).toMatchObject({
      status: 'ended',
      encounterId: null,
      encounterRejection: {
        at: h.clock.now(),
        httpStatus: 422,
        outcome: { resourceType: 'OperationOutcome', issue: [{ code: 'business-rule' }] },
      },
    });
    expect(ended.encounterPending).toBe(false);
    expect(ended.encounterFailure).toMatchObject({ kind: 'rejected' });
    expect(h.uow.eventTypes()).not.toContain(BILLING);
  });

  it('a rejected session is not sent again: not by a retry, not by ending it again, not listed as awaiting', async () => {
    const h = harness();
    const s = await activeSession(h);
    h.fhir.rejects.add(s.sessionId);
    await endSession(h, { tenantId: TENANT, sessionId: s.sessionId, actorId: CLINICIAN });
    const calls = h.fhir.calls.length;

    const retried = await retryEncounter(h, { tenantId: TENANT, sessionId: s.sessionId });
    expect(retried).toMatchObject({ created: false, pending: false, failure: null });
    const again = await endSession(h, {
      tenantId: TENANT,
      sessionId: s.sessionId,
      actorId: CLINICIAN,
    });
    expect(again.encounterFailure).toBeNull();
    expect(h.fhir.calls).toHaveLength(calls);
    const awaiting = await h.uow.run(TENANT, (scope) =>
      scope.sessions.list({ status: ['ended'], awaitingEncounter: true, limit: 10 }),
    );
    expect(awaiting.items).toEqual([]);
  });

  it('an outage leaves the session awaiting its Encounter, with the reason and no rejection', async () => {
    const h = harness();
    const s = await activeSession(h);
    h.fhir.down = true;
    const ended = await endSession(h, {
      tenantId: TENANT,
      sessionId: s.sessionId,
      actorId: CLINICIAN,
    });
    expect(ended.session.encounterRejection).toBeNull();
    expect(ended.encounterPending).toBe(true);
    expect(ended.encounterFailure).toEqual({
      kind: 'outage',
      reason: 'Error: FHIR gateway 503',
    });
    const retried = await retryEncounter(h, { tenantId: TENANT, sessionId: s.sessionId });
    expect(retried).toMatchObject({ pending: true, failure: { kind: 'outage' } });
  });

  it('a rejection by retry is recorded once, and other sessions still get their Encounter and billing', async () => {
    const h = harness();
    const good = await activeSession(h);
    const bad = await activeSession(h);
    h.fhir.down = true;
    for (const s of [bad, good])
      await endSession(h, { tenantId: TENANT, sessionId: s.sessionId, actorId: CLINICIAN });
    h.fhir.down = false;
    h.fhir.rejects.add(bad.sessionId);

    const rejected = await retryEncounter(h, { tenantId: TENANT, sessionId: bad.sessionId });
    expect(rejected).toMatchObject({ pending: false, failure: { kind: 'rejected' } });
    const created = await retryEncounter(h, { tenantId: TENANT, sessionId: good.sessionId });
    expect(created).toMatchObject({ created: true, pending: false, failure: null });
    expect(h.uow.outbox.filter((e) => e.type === BILLING)).toHaveLength(1);

    const list = await getSessionList(h, { tenantId: TENANT, status: ['ended'], limit: 10 });
    const badRow = list.items.find((row) => row.id === bad.sessionId);
    expect(badRow?.encounterRejection?.httpStatus).toBe(422);
  });

  it('FhirRejectionError is a VALIDATION_FAILED DomainError whose details carry no diagnostics', () => {
    const error = new FhirRejectionError('Encounter create answered HTTP 422', 422, {
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'invalid', diagnostics: 'Patient Mariam not found' }],
    });
    expect(isFhirRejection(error)).toBe(true);
    expect(isDomainError(error, 'VALIDATION_FAILED')).toBe(true);
    expect(error.details).toEqual({ httpStatus: 422, issueCodes: ['invalid'] });
    expect(isFhirRejection(new Error('503'))).toBe(false);
  });
});
