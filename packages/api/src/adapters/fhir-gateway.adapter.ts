import { randomUUID } from 'node:crypto';
import type {
  Bundle,
  BundleEntry,
  DocumentReference,
  Encounter,
  Extension,
  Provenance,
} from '@medplum/fhirtypes';
import {
  DomainError,
  FhirRejectionError,
  type BandwidthProfile,
  type CreateEncounterInput,
  type FhirGatewayPort,
  type FhirOperationOutcome,
  type VisitNoteInput,
} from '@virtual-care/domain';
import { describeHttpError, fetchWithTimeout, joinUrl, type FetchLike } from './http-timeout';

/**
 * FhirGatewayPort against a FHIR R4 REST server (patient-chart-service's FHIR gateway), selected when
 * FHIR_BASE_URL is set. Encounters and visit notes are posted as conditional creates (`If-None-Exist` on
 * our identifier), so the worker's retries after a failed end-of-session never create a second copy.
 * A 4xx other than 401/403/408/429 is the server refusing the resource for good (`FhirRejectionError`, with its
 * OperationOutcome); a network error, a timeout, a 5xx, 401/403 (our credentials, not the Encounter), 408 or 429 is
 * an outage (FHIR_GATEWAY_UNAVAILABLE).
 */

/** Identifier systems: one per kind of source, so a session and an async visit never collide. */
export const FHIR_IDENTIFIER_SYSTEMS = {
  virtual_session: 'urn:virtual-care:session',
  async_visit: 'urn:virtual-care:async-visit',
  visit_note: 'urn:virtual-care:visit-note',
} as const;
export const FHIR_TENANT_TAG_SYSTEM = 'urn:virtual-care:tenant';
export const AI_PROVENANCE_EXTENSION_URL =
  'urn:virtual-care:fhir:StructureDefinition:ai-provenance';
/** HL7 AI Transparency on FHIR: the security label marking content asserted by an AI. */
export const AI_ASSERTED_SECURITY_LABEL = {
  system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue',
  code: 'AIAST',
  display: 'artificial intelligence asserted',
} as const;
/** The model behind a note, named by identifier (no Device resource of ours exists to point at). */
export const AI_MODEL_IDENTIFIER_SYSTEM = 'urn:virtual-care:ai-model';
const PROVENANCE_PARTICIPANT_TYPE =
  'http://terminology.hl7.org/CodeSystem/provenance-participant-type';
export const MODALITY_DURATION_EXTENSION_URL =
  'urn:virtual-care:fhir:StructureDefinition:modality-duration';
export const PARTICIPATION_MODE_SYSTEM =
  'http://terminology.hl7.org/CodeSystem/v3-ParticipationMode';

/** Each bandwidth profile as HL7's ParticipationMode, the standard code for how a visit was carried (0021). */
export const MODALITY_CODES = {
  video: { code: 'VIDEOCONF', display: 'videoconferencing' },
  audio_only: { code: 'PHONE', display: 'telephone' },
  async_text: { code: 'ONLINEWRIT', display: 'online written' },
} as const satisfies Record<BandwidthProfile, { code: string; display: string }>;

export interface FhirGatewayDeps {
  /** FHIR R4 base URL, e.g. https://chart.example.org/fhir (FHIR_BASE_URL). */
  baseUrl: string;
  /** Per-request deadline (default 5000 ms). */
  timeoutMs?: number;
  /** Extra headers, e.g. `authorization` for the gateway; never logged. */
  headers?: Record<string, string>;
  fetch?: FetchLike;
}

/** The R4 Encounter for a finished virtual visit (class VR). Pure: tests validate its output. */
export function buildEncounter(input: CreateEncounterInput): Encounter {
  const minutes = Math.max(
    0,
    Math.round((input.periodEnd.getTime() - input.periodStart.getTime()) / 60_000),
  );
  const encounter: Encounter = {
    resourceType: 'Encounter',
    meta: { tag: [{ system: FHIR_TENANT_TAG_SYSTEM, code: input.tenantId }] },
    identifier: [{ system: FHIR_IDENTIFIER_SYSTEMS[input.source], value: input.sourceId }],
    status: 'finished',
    class: {
      system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
      code: 'VR',
      display: 'virtual',
    },
    subject: { reference: `Patient/${input.patientId}` },
    period: { start: input.periodStart.toISOString(), end: input.periodEnd.toISOString() },
    length: { value: minutes, unit: 'min', system: 'http://unitsofmeasure.org', code: 'min' },
  };
  if (input.practitionerIds.length > 0) {
    encounter.participant = input.practitionerIds.map((id) => ({
      individual: { reference: `Practitioner/${id}` },
    }));
  }
  if (input.appointmentId)
    encounter.appointment = [{ reference: `Appointment/${input.appointmentId}` }];
  if (input.modalities && input.modalities.length > 0) {
    // One type per modality used, and how long each lasted: what billing needs for CPT modifier 95 or 93.
    encounter.type = input.modalities.map(({ profile }) => ({
      coding: [{ system: PARTICIPATION_MODE_SYSTEM, ...MODALITY_CODES[profile] }],
    }));
    encounter.extension = input.modalities.map(({ profile, seconds }) => ({
      url: MODALITY_DURATION_EXTENSION_URL,
      extension: [
        {
          url: 'modality',
          valueCoding: { system: PARTICIPATION_MODE_SYSTEM, ...MODALITY_CODES[profile] },
        },
        {
          url: 'duration',
          valueDuration: {
            value: seconds,
            unit: 's',
            system: 'http://unitsofmeasure.org',
            code: 's',
          },
        },
      ],
    }));
  }
  return encounter;
}

/**
 * The accepted AI visit summary as a DocumentReference (a progress note, LOINC 11506-3). US-012's
 * provenance (aiGenerated, aiModel, aiAcceptedBy, aiAcceptedAt, and aiEdited when the clinician changed the
 * draft) rides in one complex extension, and the HL7 AI Transparency label AIAST ("AI asserted") marks it in
 * `meta.security` for systems that do not read ours. Keyed by the acceptance (`noteKey`), so a retry of one
 * acceptance charts it once and a later summary of the same session is a note of its own.
 */
export function buildVisitNote(input: VisitNoteInput): DocumentReference {
  const provenance: Extension = {
    url: AI_PROVENANCE_EXTENSION_URL,
    extension: [
      { url: 'aiGenerated', valueBoolean: input.provenance.aiGenerated },
      { url: 'aiModel', valueString: input.provenance.aiModel },
      { url: 'aiAcceptedBy', valueString: input.provenance.aiAcceptedBy },
      { url: 'aiAcceptedAt', valueDateTime: input.provenance.aiAcceptedAt.toISOString() },
      { url: 'aiEdited', valueBoolean: input.provenance.edited },
    ],
  };
  const note: DocumentReference = {
    resourceType: 'DocumentReference',
    meta: {
      tag: [{ system: FHIR_TENANT_TAG_SYSTEM, code: input.tenantId }],
      security: [{ ...AI_ASSERTED_SECURITY_LABEL }],
    },
    extension: [provenance],
    identifier: [{ system: FHIR_IDENTIFIER_SYSTEMS.visit_note, value: input.noteKey }],
    status: 'current',
    docStatus: 'final',
    type: { coding: [{ system: 'http://loinc.org', code: '11506-3', display: 'Progress note' }] },
    subject: { reference: `Patient/${input.patientId}` },
    date: input.provenance.aiAcceptedAt.toISOString(),
    author: [{ reference: `Practitioner/${input.provenance.aiAcceptedBy}` }],
    content: [
      {
        attachment: {
          contentType: 'text/plain; charset=utf-8',
          data: Buffer.from(input.text, 'utf8').toString('base64'),
          title: input.provenance.edited
            ? 'Visit summary (AI draft edited and accepted by the clinician)'
            : 'Visit summary (AI draft accepted by the clinician)',
        },
      },
    ],
  };
  if (input.encounterId)
    note.context = { encounter: [{ reference: `Encounter/${input.encounterId}` }] };
  return note;
}

/**
 * Who made the note (AI Transparency on FHIR): the model as its author and assembler (a Device, named by
 * identifier), the clinician as the verifier who accepted it. `target` is the note's reference.
 */
export function buildVisitNoteProvenance(input: VisitNoteInput, target: string): Provenance {
  const participant = (code: string, display: string) => ({
    system: PROVENANCE_PARTICIPANT_TYPE,
    code,
    display,
  });
  return {
    resourceType: 'Provenance',
    id: provenanceIdOf(input.noteKey),
    meta: {
      tag: [{ system: FHIR_TENANT_TAG_SYSTEM, code: input.tenantId }],
      security: [{ ...AI_ASSERTED_SECURITY_LABEL }],
    },
    target: [{ reference: target }],
    recorded: input.provenance.aiAcceptedAt.toISOString(),
    activity: {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/v3-DataOperation',
          code: 'CREATE',
          display: 'create',
        },
      ],
    },
    agent: [
      {
        type: { coding: [participant('author', 'Author')] },
        role: [{ coding: [participant('assembler', 'Assembler')] }],
        who: {
          type: 'Device',
          identifier: { system: AI_MODEL_IDENTIFIER_SYSTEM, value: input.provenance.aiModel },
          display: input.provenance.aiModel,
        },
      },
      {
        type: { coding: [participant('verifier', 'Verifier')] },
        who: { reference: `Practitioner/${input.provenance.aiAcceptedBy}` },
      },
    ],
  };
}

/** FHIR ids allow [A-Za-z0-9-.]: the acceptance's `vnt_...` with a hyphen. */
const provenanceIdOf = (noteKey: string) => noteKey.replace(/_/g, '-');

/**
 * The note and its Provenance in one FHIR transaction: the server stores both or neither. The note is a
 * conditional create on its identifier and the Provenance a PUT on an id made from the same key, so sending the
 * same transaction again changes nothing.
 */
export function buildVisitNoteTransaction(input: VisitNoteInput): Bundle {
  const note = buildVisitNote(input);
  // The note's id is the server's to give: the Provenance names it by this placeholder until then.
  const noteUrl = `urn:uuid:${randomUUID()}`;
  const provenance = buildVisitNoteProvenance(input, noteUrl);
  const entries: BundleEntry[] = [
    {
      fullUrl: noteUrl,
      resource: note,
      request: {
        method: 'POST',
        url: 'DocumentReference',
        ifNoneExist: `identifier=${FHIR_IDENTIFIER_SYSTEMS.visit_note}|${input.noteKey}`,
      },
    },
    {
      resource: provenance,
      request: { method: 'PUT', url: `Provenance/${provenance.id}` },
    },
  ];
  return { resourceType: 'Bundle', type: 'transaction', entry: entries };
}

export function createFhirGateway(deps: FhirGatewayDeps): FhirGatewayPort {
  const fetchImpl: FetchLike = deps.fetch ?? fetch;
  const timeoutMs = deps.timeoutMs ?? 5000;

  /** POSTs to the base URL; a network failure or timeout is an outage. */
  async function post(url: string, body: unknown, headers: Record<string, string>, what: string) {
    try {
      return await fetchWithTimeout(
        fetchImpl,
        url,
        {
          method: 'POST',
          headers: {
            ...deps.headers,
            accept: 'application/fhir+json',
            'content-type': 'application/fhir+json',
            ...headers,
          },
          body: JSON.stringify(body),
        },
        timeoutMs,
      );
    } catch (error) {
      throw unavailable(`${what} failed: ${describeHttpError(error)}`);
    }
  }

  /** 4xx for good: a FhirRejectionError with the server's OperationOutcome; anything else an outage. */
  async function refused(response: Response, message: string): Promise<never> {
    if (isPermanentRejection(response.status))
      throw new FhirRejectionError(
        `FHIR gateway: ${message}`,
        response.status,
        await outcomeFrom(response),
      );
    await response.body?.cancel();
    throw unavailable(message, response.status);
  }

  /** The note and its Provenance as one transaction; answers the note's id from the transaction-response. */
  async function createVisitNote(input: VisitNoteInput): Promise<string> {
    const response = await post(
      deps.baseUrl,
      buildVisitNoteTransaction(input),
      { prefer: 'return=minimal' },
      'visit note transaction',
    );
    if (response.status !== 200)
      return refused(response, `visit note transaction answered HTTP ${response.status}`);
    const body = (await response.json().catch(() => null)) as Bundle | null;
    const location = body?.entry?.[0]?.response?.location ?? null;
    const id = idFromLocation(location, 'DocumentReference');
    if (!id) throw unavailable('visit note transaction answered without the note id', 200);
    return id;
  }

  async function conditionalCreate(resource: Encounter): Promise<string> {
    const identifier = resource.identifier?.[0];
    if (!identifier?.system || !identifier.value)
      throw new Error('conditional create needs an identifier');
    const response = await post(
      joinUrl(deps.baseUrl, resource.resourceType),
      resource,
      {
        'if-none-exist': `identifier=${encodeURIComponent(identifier.system)}|${encodeURIComponent(identifier.value)}`,
        // Ask for the resource back so the id is in the body; the Location header is the fallback.
        prefer: 'return=representation',
      },
      `${resource.resourceType} create`,
    );
    // 201 created; 200 an existing resource matched If-None-Exist. Anything else (412 = several match) fails.
    if (response.status !== 201 && response.status !== 200)
      return refused(response, `${resource.resourceType} create answered HTTP ${response.status}`);
    const id =
      (await idFromBody(response)) ??
      idFromLocation(response.headers.get('location'), resource.resourceType);
    if (!id)
      throw unavailable(
        `${resource.resourceType} create answered ${response.status} without a resource id`,
        response.status,
      );
    return id;
  }

  return {
    createEncounter: (input) => conditionalCreate(buildEncounter(input)),
    createVisitNote,
  };
}

/** Enough to say why; a server listing hundreds of issues does not grow the session row without bound. */
const MAX_KEPT_ISSUES = 20;

/**
 * 4xx other than 408 (timeout), 429 (too many requests) and 401/403: sending the same resource again cannot help.
 * 401/403 refuse the gateway's credentials, not this Encounter: marking every session refused while an operator fixes
 * a key would lose them all, so those wait like an outage.
 */
const NOT_ABOUT_THE_RESOURCE = new Set([401, 403, 408, 429]);
export function isPermanentRejection(status: number): boolean {
  return status >= 400 && status < 500 && !NOT_ABOUT_THE_RESOURCE.has(status);
}

/** The OperationOutcome the server answered with (its first issues); one saying so when the body is none. */
async function outcomeFrom(response: Response): Promise<FhirOperationOutcome> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as Partial<FhirOperationOutcome>;
    if (body.resourceType === 'OperationOutcome' && Array.isArray(body.issue))
      return { resourceType: 'OperationOutcome', issue: body.issue.slice(0, MAX_KEPT_ISSUES) };
  } catch {
    // not JSON: described below
  }
  return {
    resourceType: 'OperationOutcome',
    issue: [
      {
        severity: 'error',
        code: 'unknown',
        diagnostics: `HTTP ${response.status} without an OperationOutcome`,
      },
    ],
  };
}

function unavailable(message: string, status?: number): DomainError {
  return new DomainError(
    'FHIR_GATEWAY_UNAVAILABLE',
    `FHIR gateway: ${message}`,
    status === undefined ? {} : { status },
  );
}

async function idFromBody(response: Response): Promise<string | undefined> {
  const text = await response.text().catch(() => '');
  if (!text) return undefined;
  try {
    const body = JSON.parse(text) as { id?: unknown };
    return typeof body.id === 'string' && body.id.length > 0 ? body.id : undefined;
  } catch {
    return undefined;
  }
}

/** `.../Encounter/{id}` or `.../Encounter/{id}/_history/{vid}` -> `{id}`. */
export function idFromLocation(location: string | null, resourceType: string): string | undefined {
  if (!location) return undefined;
  const match = new RegExp(
    `(?:^|/)${resourceType}/([A-Za-z0-9\\-.]{1,64})(?:/_history/[^/]+)?/?$`,
  ).exec(location);
  return match?.[1];
}
