import { createFhirGateway, systemClock, ulidIds } from '@virtual-care/api';
import type { AsyncVisitRecord, VirtualSessionRecord } from '@virtual-care/domain';
import { startFhirR4StandIn, type FhirR4StandIn } from '@virtual-care/stand-ins';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextEncounterRetryDelay, runEncounterRetryPass } from '../src/encounter-retry.job';
import { createMetrics } from '../src/metrics';
import {
  answeredAsyncVisitRecord,
  createTenant,
  participantRecord,
  sessionRecord,
  silentLog,
  useTestContext,
} from './support/fixtures';

const ctx = useTestContext();
const BILLING = 'virtual_care.billing.session_chargeable.v1';

let fhirServer: FhirR4StandIn;
beforeAll(async () => {
  fhirServer = await startFhirR4StandIn();
});
afterAll(async () => {
  await fhirServer.stop();
});

/** Ended sessions (a provider each) of one tenant, the first ended longest ago. */
async function endedSessions(tenantId: string, count: number): Promise<VirtualSessionRecord[]> {
  const sessions = Array.from({ length: count }, (_, i) => {
    const ended = new Date(Date.now() - (count - i) * 60_000);
    return sessionRecord(tenantId, {
      status: 'ended',
      scheduledStart: new Date(ended.getTime() - 900_000),
      actualStart: new Date(ended.getTime() - 900_000),
      actualEnd: ended,
    });
  });
  await ctx.db.unitOfWork.run(tenantId, async (scope) => {
    for (const session of sessions) {
      await scope.sessions.insert(session);
      await scope.participants.save([
        participantRecord(session, { role: 'provider', status: 'active' }),
      ]);
    }
  });
  return sessions;
}

/** Answered async visits of one tenant, still awaiting their Encounter, the first answered longest ago. */
async function answeredAsyncVisits(
  tenantId: string,
  count: number,
  over: Partial<AsyncVisitRecord> = {},
): Promise<AsyncVisitRecord[]> {
  const visits = Array.from({ length: count }, (_, i) =>
    answeredAsyncVisitRecord(tenantId, new Date(Date.now() - (count - i) * 60_000), over),
  );
  await ctx.db.unitOfWork.run(tenantId, async (scope) => {
    for (const visit of visits) await scope.asyncVisits.insertIfAbsent(visit);
  });
  return visits;
}

const storedVisit = (tenantId: string, id: string) =>
  ctx.db.unitOfWork.run(tenantId, (scope) => scope.asyncVisits.findById(id));

function retryDeps() {
  return {
    scans: ctx.db.scans,
    uow: ctx.db.unitOfWork,
    fhir: createFhirGateway({ baseUrl: fhirServer.url, timeoutMs: 1000 }),
    clock: systemClock,
    ids: ulidIds,
    log: silentLog,
  };
}

const encountersOf = (sessionId: string) =>
  fhirServer.encounters().filter((e) => e.identifier?.[0]?.value === sessionId);

async function billingEvents(tenantId: string) {
  const { rows } = await ctx.admin.query<{
    aggregate_id: string;
    payload: { payload: { encounterId: string } };
  }>(
    `SELECT aggregate_id, payload FROM virtual_care_outbox WHERE tenant_id = $1 AND event_type = $2`,
    [tenantId, BILLING],
  );
  return rows;
}

describe('FHIR Encounter retry', () => {
  it('FHIR down at session end, up later: Encounter created once, billing event once', async () => {
    const tenantId = await createTenant(ctx.admin);
    const [session] = await endedSessions(tenantId, 1);
    const deps = retryDeps();

    fhirServer.setDown(true);
    const whileDown = await runEncounterRetryPass(deps);
    expect(whileDown.fhirDown).toBe(true);
    expect(whileDown.outageReason).toMatch(/HTTP 503/);
    expect(encountersOf(session!.id)).toHaveLength(0);

    fhirServer.setDown(false);
    // Two workers' passes at once, then a later pass: still one Encounter and one billing event.
    await Promise.all([runEncounterRetryPass(deps), runEncounterRetryPass(deps)]);
    const after = await runEncounterRetryPass(deps);
    expect(after).toMatchObject({ fhirDown: false, created: 0 });
    expect(encountersOf(session!.id)).toHaveLength(1);

    const stored = await ctx.db.unitOfWork.run(tenantId, (scope) =>
      scope.sessions.findById(session!.id),
    );
    const encounterId = encountersOf(session!.id)[0]?.id;
    expect(stored?.encounterId).toBe(encounterId);
    const rows = await billingEvents(tenantId);
    expect(rows.filter((r) => r.aggregate_id === session!.id)).toHaveLength(1);
    expect(rows[0]?.payload.payload.encounterId).toBe(encounterId);
  });

  it('one Encounter the FHIR server refuses for good, nine good ones behind it -> nine Encounters, nine billing events, the refusal recorded', async () => {
    const tenantId = await createTenant(ctx.admin);
    const [refused, ...good] = await endedSessions(tenantId, 10);
    fhirServer.reject(refused!.id, { diagnostics: 'Patient is not registered at this facility' });
    const metrics = createMetrics({ defaults: false });
    const deps = { ...retryDeps(), metrics };

    const pass = await runEncounterRetryPass(deps);
    expect(pass).toMatchObject({ fhirDown: false, rejected: 1 });
    expect(pass.created).toBeGreaterThanOrEqual(9); // other files' ended sessions may come by
    for (const session of good) expect(encountersOf(session.id)).toHaveLength(1);
    expect(encountersOf(refused!.id)).toHaveLength(0);
    const billed = await billingEvents(tenantId);
    expect(billed.map((r) => r.aggregate_id).sort()).toEqual(good.map((s) => s.id).sort());

    const stored = await ctx.db.unitOfWork.run(tenantId, (scope) =>
      scope.sessions.findById(refused!.id),
    );
    expect(stored).toMatchObject({
      status: 'ended',
      encounterId: null,
      encounterRejection: {
        at: expect.any(Date) as Date,
        httpStatus: 422,
        outcome: {
          resourceType: 'OperationOutcome',
          issue: [
            {
              severity: 'error',
              code: 'business-rule',
              diagnostics: 'Patient is not registered at this facility',
            },
          ],
        },
      },
    });
    expect(
      await metrics.registry.getSingleMetricAsString('virtual_care_encounter_rejections_total'),
    ).toContain('virtual_care_encounter_rejections_total 1');

    // Not retried again: not counted as pending, the next pass does not ask the FHIR server about it, and
    // nothing is billed.
    const pending = await ctx.db.scans.tenantsWithPendingEncounters();
    expect(pending.map((t) => t.tenantId)).not.toContain(tenantId);
    const posts = fhirServer.requestCount('POST Encounter');
    const next = await runEncounterRetryPass(deps);
    expect(next).toMatchObject({ fhirDown: false, rejected: 0, created: 0 });
    expect(fhirServer.requestCount('POST Encounter')).toBe(posts);
    expect(await billingEvents(tenantId)).toHaveLength(9);
  });

  it('async visits answered while FHIR was down: one Encounter each when it is back, a refused one recorded and left alone', async () => {
    const tenantId = await createTenant(ctx.admin);
    const visits = await answeredAsyncVisits(tenantId, 3);
    const [refused, ...good] = visits;
    const closed = await answeredAsyncVisits(tenantId, 1, { status: 'closed' });
    fhirServer.reject(refused!.id, { diagnostics: 'Patient is not registered at this facility' });
    const deps = retryDeps();
    expect(await ctx.db.scans.tenantsWithPendingEncounters()).toContainEqual({
      tenantId,
      pending: 4,
    });

    fhirServer.setDown(true);
    const whileDown = await runEncounterRetryPass(deps);
    expect(whileDown.fhirDown).toBe(true);
    for (const visit of visits) expect(encountersOf(visit.id)).toHaveLength(0);

    fhirServer.setDown(false);
    await Promise.all([runEncounterRetryPass(deps), runEncounterRetryPass(deps)]);
    const after = await runEncounterRetryPass(deps);
    expect(after).toMatchObject({ fhirDown: false, created: 0, rejected: 0 });
    for (const visit of [...good, ...closed]) {
      const [encounter] = encountersOf(visit.id);
      expect(encountersOf(visit.id)).toHaveLength(1);
      // The Encounter spans submission to the answer, with the clinician who answered.
      expect(encounter).toMatchObject({
        status: 'finished',
        period: { start: visit.submittedAt!.toISOString(), end: visit.respondedAt!.toISOString() },
        participant: [{ individual: { reference: `Practitioner/${visit.providerId}` } }],
      });
      expect(await storedVisit(tenantId, visit.id)).toMatchObject({
        status: visit.status,
        encounterId: encounter!.id,
        responseText: 'Keep it dry.',
      });
    }
    expect(encountersOf(refused!.id)).toHaveLength(0);
    expect(await storedVisit(tenantId, refused!.id)).toMatchObject({
      encounterId: null,
      encounterRejection: { httpStatus: 422, outcome: { resourceType: 'OperationOutcome' } },
    });
    const pending = await ctx.db.scans.tenantsWithPendingEncounters();
    expect(pending.map((t) => t.tenantId)).not.toContain(tenantId);
    // No billing for an async visit: the billing event is a session's.
    expect(await billingEvents(tenantId)).toHaveLength(0);
  });

  it('backs off while FHIR is down but never beyond the cap (5-minute bound after recovery)', () => {
    let delay = 15_000;
    for (let i = 0; i < 20; i++) delay = nextEncounterRetryDelay(delay, true, 15_000, 60_000);
    expect(delay).toBe(60_000);
    expect(nextEncounterRetryDelay(delay, false, 15_000, 60_000)).toBe(15_000);
  });
});
