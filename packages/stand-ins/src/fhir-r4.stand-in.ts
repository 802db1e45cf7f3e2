import { randomUUID } from 'node:crypto';
import {
  listenOnLoopback,
  readBody,
  sendJson,
  sleep,
  type RunningStandIn,
  type StandInOptions,
} from './http-server';

type FhirResource = {
  resourceType: string;
  id?: string;
  identifier?: Array<{ system?: string; value?: string }>;
  meta?: Record<string, unknown>;
} & Record<string, unknown>;

export interface FhirR4StandIn extends RunningStandIn {
  /** true: every request answers 503 with an OperationOutcome. */
  setDown(down: boolean): void;
  setDelay(ms: number): void;
  /**
   * From now on, a create of a resource carrying this identifier value is refused for good: `status`
   * (default 422) with an OperationOutcome (`code` default `business-rule`, and `diagnostics`), as a server
   * answers a resource it will never accept. Every other resource is served as usual.
   */
  reject(
    identifierValue: string,
    rule?: { status?: number; code?: string; diagnostics?: string },
  ): void;
  encounters(): FhirResource[];
  resources(resourceType: string): FhirResource[];
  /** Requests received per resource type and method, e.g. `POST Encounter`. */
  requestCount(label: string): number;
}

const FHIR_JSON = 'application/fhir+json';

/**
 * Local stand-in for a FHIR R4 server (the patient-chart-service gateway), enough of the REST API for
 * our adapter: create with conditional create (`If-None-Exist`), read, and search by identifier, for any
 * resource type (Encounter, DocumentReference).
 *
 *   POST /{type}            201 + Location + body; with If-None-Exist matching one: 200 + the existing;
 *                           matching several: 412; an identifier marked with `reject`: its 4xx + OperationOutcome
 *   GET  /{type}/{id}       200 or 404
 *   GET  /{type}?identifier=system|value   200 searchset Bundle
 *   POST /                  a `transaction` Bundle of POST (with `ifNoneExist`) and PUT entries: all stored or
 *                           none (an entry refused refuses the whole), `urn:uuid:` references between entries
 *                           resolved to the stored ids; 200 + a transaction-response Bundle
 */
export async function startFhirR4StandIn(options: StandInOptions = {}): Promise<FhirR4StandIn> {
  const store = new Map<string, FhirResource[]>();
  const counts = new Map<string, number>();
  let down = false;
  let delayMs = 0;
  const rejections = new Map<string, { status: number; code: string; diagnostics: string }>();

  const server = await listenOnLoopback(async (req, res, url) => {
    const segments = url.pathname.split('/').filter(Boolean);
    const [type, id] = segments;
    const label = `${req.method ?? 'GET'} ${type ?? ''}`;
    counts.set(label, (counts.get(label) ?? 0) + 1);
    if (delayMs > 0) await sleep(delayMs);
    if (down)
      return sendJson(res, 503, outcome('transient', 'FHIR server stand-in is down'), FHIR_JSON);
    if (!type && req.method === 'POST') {
      let bundle: FhirResource;
      try {
        bundle = JSON.parse(await readBody(req)) as FhirResource;
      } catch {
        return sendJson(res, 400, outcome('structure', 'Body is not JSON'), FHIR_JSON);
      }
      const answer = transaction(bundle);
      return sendJson(res, answer.status, answer.body, FHIR_JSON);
    }
    if (!type || !/^[A-Z][A-Za-z]+$/.test(type) || segments.length > 2)
      return sendJson(res, 404, outcome('not-found', 'Unknown path'), FHIR_JSON);
    const list = store.get(type) ?? [];
    store.set(type, list);

    if (req.method === 'POST' && !id) {
      let resource: FhirResource;
      try {
        resource = JSON.parse(await readBody(req)) as FhirResource;
      } catch {
        return sendJson(res, 400, outcome('structure', 'Body is not JSON'), FHIR_JSON);
      }
      if (resource.resourceType !== type)
        return sendJson(
          res,
          400,
          outcome('invalid', 'resourceType does not match the URL'),
          FHIR_JSON,
        );
      const refusal = refusalOf(resource);
      if (refusal)
        return sendJson(res, refusal.status, outcome(refusal.code, refusal.diagnostics), FHIR_JSON);
      const condition = req.headers['if-none-exist'];
      if (typeof condition === 'string') {
        const matches = search(list, new URLSearchParams(condition));
        if (matches.length === 1) return sendJson(res, 200, matches[0], FHIR_JSON);
        if (matches.length > 1)
          return sendJson(
            res,
            412,
            outcome('duplicate', 'Several resources match If-None-Exist'),
            FHIR_JSON,
          );
      }
      const created = stamp(resource, randomUUID());
      list.push(created);
      res.setHeader('location', `${server.url}/${type}/${created.id}/_history/1`);
      return sendJson(res, 201, created, FHIR_JSON);
    }
    if (req.method === 'GET' && id) {
      const found = list.find((resource) => resource.id === id);
      return found
        ? sendJson(res, 200, found, FHIR_JSON)
        : sendJson(res, 404, outcome('not-found', `${type}/${id} not found`), FHIR_JSON);
    }
    if (req.method === 'GET') {
      const matches = search(list, url.searchParams);
      return sendJson(
        res,
        200,
        {
          resourceType: 'Bundle',
          type: 'searchset',
          total: matches.length,
          entry: matches.map((resource) => ({
            fullUrl: `${server.url}/${type}/${resource.id}`,
            resource,
          })),
        },
        FHIR_JSON,
      );
    }
    return sendJson(res, 405, outcome('not-supported', 'Method not supported'), FHIR_JSON);
  }, options);

  /** A rule refusing this resource for good, if one names any of its identifiers. */
  const refusalOf = (resource: FhirResource) =>
    (resource.identifier ?? [])
      .map((identifier) => rejections.get(identifier.value ?? ''))
      .find((rule) => rule !== undefined);

  const stamp = (resource: FhirResource, id: string): FhirResource => ({
    ...resource,
    id,
    meta: { ...resource.meta, versionId: '1', lastUpdated: new Date().toISOString() },
  });

  /** Applies a transaction Bundle to a copy of the store, kept only when every entry succeeded. */
  function transaction(bundle: FhirResource): { status: number; body: unknown } {
    type Entry = {
      fullUrl?: string;
      resource?: FhirResource;
      request?: { method?: string; url?: string; ifNoneExist?: string };
    };
    const entries = (bundle.entry ?? []) as Entry[];
    if (bundle.resourceType !== 'Bundle' || bundle.type !== 'transaction' || entries.length === 0)
      return { status: 400, body: outcome('invalid', 'Expected a transaction Bundle') };
    const staged = new Map([...store].map(([t, list]) => [t, [...list]]));
    const resolved = new Map<string, string>();
    const responses: Array<{ status: string; location: string }> = [];
    // POSTs first, then PUTs (the order FHIR's transaction rules give), references resolved as they go.
    const order = [...entries.keys()].sort(
      (a, b) =>
        Number(entries[a]?.request?.method === 'PUT') -
        Number(entries[b]?.request?.method === 'PUT'),
    );
    for (const index of order) {
      const entry = entries[index]!;
      const raw = JSON.stringify(entry.resource ?? {}).replace(
        /"(urn:uuid:[0-9a-f-]+)"/g,
        (match, urn: string) => (resolved.has(urn) ? JSON.stringify(resolved.get(urn)) : match),
      );
      const resource = JSON.parse(raw) as FhirResource;
      const [entryType, entryId] = (entry.request?.url ?? '').split('/');
      if (!entryType || resource.resourceType !== entryType)
        return { status: 400, body: outcome('invalid', `Entry ${index}: type and URL differ`) };
      const refusal = refusalOf(resource);
      if (refusal)
        return { status: refusal.status, body: outcome(refusal.code, refusal.diagnostics) };
      const list = staged.get(entryType) ?? [];
      staged.set(entryType, list);
      let stored: FhirResource;
      let status = '201 Created';
      if (entry.request?.method === 'POST') {
        const matches = entry.request.ifNoneExist
          ? search(list, new URLSearchParams(entry.request.ifNoneExist))
          : [];
        if (matches.length > 1)
          return { status: 412, body: outcome('duplicate', 'Several match ifNoneExist') };
        if (matches[0]) {
          stored = matches[0];
          status = '200 OK';
        } else {
          stored = stamp(resource, randomUUID());
          list.push(stored);
        }
      } else if (entry.request?.method === 'PUT' && entryId) {
        stored = stamp(resource, entryId);
        const at = list.findIndex((r) => r.id === entryId);
        if (at >= 0) {
          list[at] = stored;
          status = '200 OK';
        } else list.push(stored);
      } else {
        return { status: 400, body: outcome('not-supported', `Entry ${index}: method`) };
      }
      if (entry.fullUrl) resolved.set(entry.fullUrl, `${entryType}/${stored.id}`);
      responses[index] = { status, location: `${entryType}/${stored.id}/_history/1` };
    }
    for (const [t, list] of staged) store.set(t, list);
    return {
      status: 200,
      body: {
        resourceType: 'Bundle',
        type: 'transaction-response',
        entry: responses.map((response) => ({ response })),
      },
    };
  }

  return {
    ...server,
    setDown: (value) => void (down = value),
    setDelay: (ms) => void (delayMs = ms),
    reject: (identifierValue, rule = {}) =>
      void rejections.set(identifierValue, {
        status: rule.status ?? 422,
        code: rule.code ?? 'business-rule',
        diagnostics: rule.diagnostics ?? 'The server refuses this resource',
      }),
    encounters: () => [...(store.get('Encounter') ?? [])],
    resources: (type) => [...(store.get(type) ?? [])],
    requestCount: (label) => counts.get(label) ?? 0,
  };
}

/** Supports the one search parameter we use, `identifier` as `system|value` (or a bare value). */
function search(list: FhirResource[], params: URLSearchParams): FhirResource[] {
  const token = params.get('identifier');
  if (token === null) return list;
  const bar = token.indexOf('|');
  const system = bar >= 0 ? token.slice(0, bar) : undefined;
  const value = bar >= 0 ? token.slice(bar + 1) : token;
  return list.filter((resource) =>
    (resource.identifier ?? []).some(
      (identifier) =>
        identifier.value === value && (system === undefined || identifier.system === system),
    ),
  );
}

function outcome(code: string, diagnostics: string): Record<string, unknown> {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics }] };
}
