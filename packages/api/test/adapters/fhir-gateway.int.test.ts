import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  isDomainError,
  isFhirRejection,
  type CreateEncounterInput,
  type VisitNoteInput,
} from '@virtual-care/domain';
import { startFhirR4StandIn, type FhirR4StandIn } from '@virtual-care/stand-ins';
import {
  buildEncounter,
  buildVisitNote,
  buildVisitNoteProvenance,
  createFhirGateway,
  idFromLocation,
  isPermanentRejection,
  MODALITY_DURATION_EXTENSION_URL,
  PARTICIPATION_MODE_SYSTEM,
} from '../../src/adapters/fhir-gateway.adapter';
import { reportFhirFailures } from '../../src/adapters/fhir-failure-report.adapter';
import { fhirValidationIssues } from '../../src/adapters/fhir-validator';

let fhir: FhirR4StandIn;
beforeAll(async () => {
  fhir = await startFhirR4StandIn();
});
afterAll(async () => {
  await fhir.stop();
});
beforeEach(() => {
  fhir.setDown(false);
  fhir.setDelay(0);
});

let counter = 0;
function encounterInput(overrides: Partial<CreateEncounterInput> = {}): CreateEncounterInput {
  counter += 1;
  return {
    tenantId: 'tnt_fhir',
    sourceId: `vsn_01JTEST${String(counter).padStart(4, '0')}`,
    source: 'virtual_session',
    patientId: 'pat-123',
    appointmentId: 'apt-456',
    practitionerIds: ['prac-789'],
    periodStart: new Date('2026-04-18T09:00:00Z'),
    periodEnd: new Date('2026-04-18T09:25:00Z'),
    ...overrides,
  };
}

describe('FHIR Encounter (US-004, US-009)', () => {
  it('buildEncounter is a valid R4 Encounter with class VR, subject, appointment, period and identifier', async () => {
    const input = encounterInput();
    const encounter = buildEncounter(input);
    expect(await fhirValidationIssues(encounter)).toEqual([]);
    expect(encounter).toMatchObject({
      resourceType: 'Encounter',
      status: 'finished',
      class: {
        system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
        code: 'VR',
        display: 'virtual',
      },
      subject: { reference: 'Patient/pat-123' },
      appointment: [{ reference: 'Appointment/apt-456' }],
      participant: [{ individual: { reference: 'Practitioner/prac-789' } }],
      period: { start: '2026-04-18T09:00:00.000Z', end: '2026-04-18T09:25:00.000Z' },
      identifier: [{ system: 'urn:virtual-care:session', value: input.sourceId }],
      meta: { tag: [{ system: 'urn:virtual-care:tenant', code: 'tnt_fhir' }] },
    });
  });

  it('without an appointment or practitioners the Encounter omits them and stays valid', async () => {
    const encounter = buildEncounter(
      encounterInput({ appointmentId: null, practitionerIds: [], source: 'async_visit' }),
    );
    expect(encounter.appointment).toBeUndefined();
    expect(encounter.participant).toBeUndefined();
    expect(encounter.identifier?.[0]?.system).toBe('urn:virtual-care:async-visit');
    expect(await fhirValidationIssues(encounter)).toEqual([]);
  });

  it('US-008: a visit that fell back to audio only is a valid Encounter carrying both modalities and their seconds', async () => {
    const encounter = buildEncounter(
      encounterInput({
        modalities: [
          { profile: 'video', seconds: 300 },
          { profile: 'audio_only', seconds: 1200 },
        ],
      }),
    );
    expect(await fhirValidationIssues(encounter)).toEqual([]);
    expect(encounter.class.code).toBe('VR');
    expect(encounter.type?.map((t) => t.coding?.[0])).toEqual([
      { system: PARTICIPATION_MODE_SYSTEM, code: 'VIDEOCONF', display: 'videoconferencing' },
      { system: PARTICIPATION_MODE_SYSTEM, code: 'PHONE', display: 'telephone' },
    ]);
    expect(
      encounter.extension
        ?.filter((e) => e.url === MODALITY_DURATION_EXTENSION_URL)
        .map((e) => [
          e.extension?.find((x) => x.url === 'modality')?.valueCoding?.code,
          e.extension?.find((x) => x.url === 'duration')?.valueDuration,
        ]),
    ).toEqual([
      ['VIDEOCONF', { value: 300, unit: 's', system: 'http://unitsofmeasure.org', code: 's' }],
      ['PHONE', { value: 1200, unit: 's', system: 'http://unitsofmeasure.org', code: 's' }],
    ]);
  });

  it('an async visit (no modalities given) has neither modality types nor durations', () => {
    const encounter = buildEncounter(encounterInput({ source: 'async_visit' }));
    expect(encounter.type).toBeUndefined();
    expect(encounter.extension).toBeUndefined();
  });

  it('the validator does catch a broken Encounter', async () => {
    const broken = { ...buildEncounter(encounterInput()), class: undefined, bogus: 1 } as never;
    expect((await fhirValidationIssues(broken)).length).toBeGreaterThan(0);
  });

  it('conditional create twice -> one Encounter, same id (201 then 200)', async () => {
    const gateway = createFhirGateway({ baseUrl: fhir.url });
    const input = encounterInput();
    const first = await gateway.createEncounter(input);
    const second = await gateway.createEncounter(input);
    expect(second).toBe(first);
    const stored = fhir
      .encounters()
      .filter((encounter) => encounter.identifier?.[0]?.value === input.sourceId);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.id).toBe(first);
    const { id: _id, meta: _meta, ...posted } = stored[0]!;
    expect(await fhirValidationIssues({ ...posted, resourceType: 'Encounter' } as never)).toEqual(
      [],
    );
    const read = await fetch(`${fhir.url}/Encounter/${first}`);
    expect(read.headers.get('content-type')).toContain('application/fhir+json');
  });

  it('FHIR server down (503) -> throws FHIR_GATEWAY_UNAVAILABLE', async () => {
    fhir.setDown(true);
    const error = await createFhirGateway({ baseUrl: fhir.url })
      .createEncounter(encounterInput())
      .catch((e: unknown) => e);
    expect(isDomainError(error, 'FHIR_GATEWAY_UNAVAILABLE')).toBe(true);
  });

  it('FHIR server too slow -> throws on the timeout', async () => {
    fhir.setDelay(1000);
    const error = await createFhirGateway({ baseUrl: fhir.url, timeoutMs: 150 })
      .createEncounter(encounterInput())
      .catch((e: unknown) => e);
    expect(isDomainError(error, 'FHIR_GATEWAY_UNAVAILABLE')).toBe(true);
    expect((error as Error).message).toMatch(/timed out/);
  });

  it('nothing listening -> throws', async () => {
    const error = await createFhirGateway({ baseUrl: 'http://127.0.0.1:1/fhir' })
      .createEncounter(encounterInput())
      .catch((e: unknown) => e);
    expect(isDomainError(error, 'FHIR_GATEWAY_UNAVAILABLE')).toBe(true);
  });

  it('a permanent rejection (422 + OperationOutcome) -> FhirRejectionError carrying the outcome, not an outage', async () => {
    const input = encounterInput();
    fhir.reject(input.sourceId, { diagnostics: 'Patient/pat-123 is not known' });
    const error = await createFhirGateway({ baseUrl: fhir.url })
      .createEncounter(input)
      .catch((e: unknown) => e);
    expect(isFhirRejection(error)).toBe(true);
    expect(isDomainError(error, 'FHIR_GATEWAY_UNAVAILABLE')).toBe(false);
    expect(error).toMatchObject({
      httpStatus: 422,
      outcome: {
        resourceType: 'OperationOutcome',
        issue: [
          { severity: 'error', code: 'business-rule', diagnostics: 'Patient/pat-123 is not known' },
        ],
      },
      details: { httpStatus: 422, issueCodes: ['business-rule'] },
    });
  });

  it('4xx is permanent except 401/403 (our credentials), 408 and 429; 5xx is an outage', async () => {
    expect([400, 404, 409, 412, 422].every(isPermanentRejection)).toBe(true);
    expect([401, 403, 408, 429, 500, 502, 503, 504, 200, 302].some(isPermanentRejection)).toBe(
      false,
    );
    for (const status of [408, 429, 500]) {
      const input = encounterInput();
      fhir.reject(input.sourceId, { status });
      const error = await createFhirGateway({ baseUrl: fhir.url })
        .createEncounter(input)
        .catch((e: unknown) => e);
      expect(isFhirRejection(error), `HTTP ${status}`).toBe(false);
      expect(isDomainError(error, 'FHIR_GATEWAY_UNAVAILABLE'), `HTTP ${status}`).toBe(true);
    }
  });

  it('a 4xx without an OperationOutcome is still a rejection, with an outcome saying so', async () => {
    const server = createServer((_req, res) => res.writeHead(400).end('no'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const error = await createFhirGateway({ baseUrl: `http://127.0.0.1:${port}/fhir` })
      .createEncounter(encounterInput())
      .catch((e: unknown) => e);
    await new Promise((resolve) => server.close(resolve));
    expect(error).toMatchObject({
      httpStatus: 400,
      outcome: {
        issue: [{ code: 'unknown', diagnostics: 'HTTP 400 without an OperationOutcome' }],
      },
    });
  });

  it('every failed create is logged with its kind and reason, counted, and rethrown; no PHI in the log', async () => {
    const lines: string[] = [];
    const logger = pino(
      { level: 'trace' },
      new Writable({
        write: (chunk: Buffer, _enc, done) => (lines.push(chunk.toString()), done()),
      }),
    );
    const gateway = reportFhirFailures(createFhirGateway({ baseUrl: fhir.url }), logger);
    const rejected = encounterInput({ patientId: 'pat-secret-1' });
    fhir.reject(rejected.sourceId, { diagnostics: 'Mariam Ahmadi has no record' });
    expect(isFhirRejection(await gateway.createEncounter(rejected).catch((e: unknown) => e))).toBe(
      true,
    );
    fhir.setDown(true);
    const down = encounterInput({ patientId: 'pat-secret-2' });
    expect(
      isDomainError(
        await gateway.createEncounter(down).catch((e: unknown) => e),
        'FHIR_GATEWAY_UNAVAILABLE',
      ),
    ).toBe(true);
    fhir.setDown(false);
    expect(await gateway.createEncounter(encounterInput())).toEqual(expect.any(String));

    expect(gateway.failures()).toEqual({ outage: 1, rejected: 1 });
    const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logged).toMatchObject([
      {
        level: 40,
        kind: 'rejected',
        resourceType: 'Encounter',
        sourceId: rejected.sourceId,
        reason: 'rejected: HTTP 422 (business-rule)',
        failures: { outage: 0, rejected: 1 },
      },
      {
        level: 40,
        kind: 'outage',
        sourceId: down.sourceId,
        reason: 'DomainError: FHIR gateway: Encounter create answered HTTP 503',
        failures: { outage: 1, rejected: 1 },
      },
    ]);
    const text = lines.join('');
    for (const phi of ['pat-secret-1', 'pat-secret-2', 'Mariam', 'has no record'])
      expect(text).not.toContain(phi);
  });

  it('reads the id from Location when the body has none', () => {
    expect(idFromLocation('https://x/fhir/Encounter/abc-1/_history/1', 'Encounter')).toBe('abc-1');
    expect(idFromLocation('Encounter/abc-2', 'Encounter')).toBe('abc-2');
    expect(idFromLocation(null, 'Encounter')).toBeUndefined();
  });
});

describe('visit note with AI provenance (US-012)', () => {
  const note: VisitNoteInput = {
    tenantId: 'tnt_fhir',
    noteKey: 'vnt_01JNOTE',
    sessionId: 'vsn_01JNOTE',
    patientId: 'pat-123',
    encounterId: 'enc-1',
    text: 'Summary text',
    provenance: {
      aiGenerated: true,
      aiModel: 'model-x',
      aiAcceptedBy: 'prac-789',
      aiAcceptedAt: new Date('2026-04-18T10:00:00Z'),
      edited: false,
    },
  };

  it('is a valid DocumentReference carrying the provenance', async () => {
    const document = buildVisitNote(note);
    expect(await fhirValidationIssues(document)).toEqual([]);
    expect(document.extension?.[0]?.extension?.map((e) => e.url)).toEqual([
      'aiGenerated',
      'aiModel',
      'aiAcceptedBy',
      'aiAcceptedAt',
      'aiEdited',
    ]);
    expect(document.context?.encounter?.[0]?.reference).toBe('Encounter/enc-1');
  });

  it('its Provenance is valid R4: the model as author (a Device), the clinician as verifier', async () => {
    const provenance = buildVisitNoteProvenance(note, 'DocumentReference/doc-1');
    expect(await fhirValidationIssues(provenance)).toEqual([]);
    expect(provenance.agent?.map((a) => a.type?.coding?.[0]?.code)).toEqual(['author', 'verifier']);
    expect(provenance.agent?.[0]?.who).toMatchObject({ type: 'Device', display: 'model-x' });
  });

  it('is posted with its Provenance in one transaction, once even when retried', async () => {
    const gateway = createFhirGateway({ baseUrl: fhir.url });
    const first = await gateway.createVisitNote(note);
    expect(await gateway.createVisitNote(note)).toBe(first);
    expect(fhir.resources('DocumentReference').map((d) => d.id)).toEqual([first]);
    expect(fhir.resources('Provenance').map((p) => p.target)).toEqual([
      [{ reference: `DocumentReference/${first}` }],
    ]);
  });

  it('a refused note leaves neither the note nor its Provenance', async () => {
    fhir.reject('vnt_01JREFUSED');
    const gateway = createFhirGateway({ baseUrl: fhir.url });
    const error = await gateway
      .createVisitNote({ ...note, noteKey: 'vnt_01JREFUSED' })
      .catch((e: unknown) => e);
    expect(isFhirRejection(error)).toBe(true);
    expect(
      fhir
        .resources('DocumentReference')
        .filter((d) => d.identifier?.[0]?.value === 'vnt_01JREFUSED'),
    ).toEqual([]);
  });
});

// The local demo store (createLocalEncounterStore) is tested against PostgreSQL in local-encounter-store.int.test.ts.
