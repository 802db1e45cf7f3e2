import { createServer, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createFhirGateway, systemClock, ulidIds } from '@virtual-care/api';
import { describe, expect, it } from 'vitest';
import { nextEncounterRetryDelay, runEncounterRetryPass } from '../src/encounter-retry.job';
import {
  createTenant,
  participantRecord,
  sessionRecord,
  silentLog,
  useTestContext,
} from './support/fixtures';

const ctx = useTestContext();

/**
 * A tiny FHIR R4 server (conditional create on `If-None-Exist: identifier=system|value`) that can be taken
 * "down" (503). Written here because @virtual-care/stand-ins is not a dependency of the worker.
 */
async function startTinyFhir(): Promise<{
  url: string;
  down: boolean;
  /** Encounters created, by the session id in their identifier (other test files' ended sessions may come by). */
  creates: Map<string, number>;
  encounters: Map<string, string>;
  server: Server;
}> {
  const state = {
    url: '',
    down: true,
    creates: new Map<string, number>(),
    encounters: new Map<string, string>(),
    server: null as unknown as Server,
  };
  state.server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (state.down) return void res.writeHead(503).end();
      if (req.method !== 'POST' || !req.url?.endsWith('/Encounter'))
        return void res.writeHead(404).end();
      const key = String(req.headers['if-none-exist'] ?? '');
      const existing = state.encounters.get(key);
      // UUID ids: virtual_sessions.encounter_id is a UUID column.
      const id = existing ?? randomUUID();
      if (!existing) {
        state.encounters.set(key, id);
        const sessionId = decodeURIComponent(key.split('|').pop() ?? '');
        state.creates.set(sessionId, (state.creates.get(sessionId) ?? 0) + 1);
      }
      res.writeHead(existing ? 200 : 201, {
        'content-type': 'application/fhir+json',
        location: `Encounter/${id}`,
      });
      res.end(JSON.stringify({ ...(JSON.parse(body) as object), id }));
    });
  });
  await new Promise<void>((r) => state.server.listen(0, '127.0.0.1', r));
  state.url = `http://127.0.0.1:${(state.server.address() as AddressInfo).port}/fhir`;
  return state;
}

describe('FHIR Encounter retry', () => {
  it('FHIR down at session end, up later: Encounter created once, billing event once', async () => {
    const tenantId = await createTenant(ctx.admin);
    const fhirServer = await startTinyFhir();
    const fhir = createFhirGateway({ baseUrl: fhirServer.url, timeoutMs: 1000 });
    const ended = new Date(Date.now() - 60_000);
    const session = sessionRecord(tenantId, {
      status: 'ended',
      actualStart: new Date(ended.getTime() - 900_000),
      actualEnd: ended,
    });
    await ctx.db.unitOfWork.run(tenantId, async (scope) => {
      await scope.sessions.insert(session);
      await scope.participants.save([
        participantRecord(session, { role: 'provider', status: 'active' }),
      ]);
    });
    const deps = {
      pool: ctx.db.pool,
      uow: ctx.db.unitOfWork,
      fhir,
      clock: systemClock,
      ids: ulidIds,
      log: silentLog,
    };

    const whileDown = await runEncounterRetryPass(deps);
    expect(whileDown.fhirDown).toBe(true);
    expect(fhirServer.creates.get(session.id)).toBeUndefined();

    fhirServer.down = false;
    // Two workers' passes at once, then a later pass: still one Encounter and one billing event.
    await Promise.all([runEncounterRetryPass(deps), runEncounterRetryPass(deps)]);
    const after = await runEncounterRetryPass(deps);
    expect(after).toMatchObject({ fhirDown: false, created: 0 });
    expect(fhirServer.creates.get(session.id)).toBe(1);

    const stored = await ctx.db.unitOfWork.run(tenantId, (scope) =>
      scope.sessions.findById(session.id),
    );
    const encounterId = [...fhirServer.encounters.entries()].find(([key]) =>
      key.endsWith(encodeURIComponent(session.id)),
    )?.[1];
    expect(stored?.encounterId).toBe(encounterId);
    const { rows } = await ctx.admin.query<{ payload: { payload: { encounterId: string } } }>(
      `SELECT payload FROM virtual_care_outbox WHERE tenant_id = $1 AND event_type = 'virtual_care.billing.session_chargeable.v1' AND aggregate_id = $2`,
      [tenantId, session.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.payload.payload.encounterId).toBe(encounterId);
    await new Promise((r) => fhirServer.server.close(r));
  });

  it('backs off while FHIR is down but never beyond the cap (5-minute bound after recovery)', () => {
    let delay = 15_000;
    for (let i = 0; i < 20; i++) delay = nextEncounterRetryDelay(delay, true, 15_000, 60_000);
    expect(delay).toBe(60_000);
    expect(nextEncounterRetryDelay(delay, false, 15_000, 60_000)).toBe(15_000);
  });
});
