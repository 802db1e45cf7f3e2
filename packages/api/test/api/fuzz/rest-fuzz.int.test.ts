import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  startAiGatewayStandIn,
  startCommunicationServiceStandIn,
  type AiGatewayStandIn,
  type CommunicationServiceStandIn,
} from '@virtual-care/stand-ins';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordFigure } from '../../../../../scripts/lib/security-figures.mjs';
import { useStack, type ApiResponse, type Face } from '../support/stack';
import { fuzzRequests, type FuzzRequest } from './fuzz-requests';
import { buildFuzzWorld, CALLERS, type Caller, type FuzzWorld } from './fuzz-world';
import { restOperations, type RestOperation } from './rest-operations';
import { tenantTables, type TenantTables } from './tenant-tables';
import { judge, type Finding } from './verdict';

/**
 * Issue 19's fuzzer: fast-check generates hostile requests for every operation of the OpenAPI document, schema-aware
 * (wrong types, numbers as strings, missing and unknown fields, huge and deep values, unicode, implausible dates,
 * another tenant's ids, malformed path segments, bad Idempotency-Keys, wrong content types), sent in-process to the
 * REST face over the real PostgreSQL as each role of tenant A. Every answer must be a 2xx, or an error
 * `{ code, message, details }` under a spec code; no 5xx but an outside system's 503; a refused request writes
 * nothing; no 2xx carries tenant B's data, and B's rows end as they began.
 *
 * FUZZ_RUNS (cases per operation, default 60) and FUZZ_SEED (default 19) replay or widen a run.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
const SEED = Number(process.env.FUZZ_SEED ?? 19);
const { operations, components } = restOperations();

const stack = useStack();
let face: Face;
let world: FuzzWorld;
let tables: TenantTables;
let bDigestBefore: string;
/** Rows per tenant table as the last answer left them. */
let counts: Record<string, number>;
/**
 * B's ids that A stored in its own rows through a 2xx (e.g. an appointment id that is a B patient's uuid): they come
 * back in A's answers as A's data, not B's.
 */
const planted = new Set<string>();
let ai: AiGatewayStandIn;
let comms: CommunicationServiceStandIn;
let attachmentDir: string;

const tally = {
  requests: 0,
  bad: 0,
  refused: 0,
  crossTenantAttempts: 0,
  findings: new Map<Finding, number>(),
  statuses: new Map<number, number>(),
  mutations: new Map<string, number>(),
  /** Operations per set of callers that may call them. */
  callers: new Map<string, number>(),
};

beforeAll(async () => {
  ai = await startAiGatewayStandIn();
  comms = await startCommunicationServiceStandIn();
  attachmentDir = mkdtempSync(path.join(os.tmpdir(), 'fuzz-attachments-'));
  face = stack.face({
    AI_GATEWAY_URL: ai.url,
    COMMUNICATION_SERVICE_URL: comms.url,
    ATTACHMENT_DIR: attachmentDir,
    // The limits answer 429 before the procedure: the fuzzer is here to reach the procedures.
    RATE_LIMIT_PER_CLIENT: '1000000',
    RATE_LIMIT_PER_TENANT: '1000000',
    RATE_LIMIT_PER_ADDRESS: '1000000',
    RATE_LIMIT_JOIN_FAILURES_PER_ADDRESS: '1000000',
  });
  world = await buildFuzzWorld(stack, face);
  tables = await tenantTables(stack.admin);
  bDigestBefore = await tables.digest(world.b.tenantId);
  console.info(`[fuzz] seed ${SEED}, ${RUNS} cases per operation, ${operations.length} operations`);
}, 120_000);

afterAll(async () => {
  await Promise.all([ai?.stop(), comms?.stop()]);
  if (attachmentDir) rmSync(attachmentDir, { recursive: true, force: true });
});

describe('REST fuzzer: every operation of the OpenAPI document', () => {
  it('reads the operations to fuzz from the OpenAPI document', () => {
    expect(operations.length).toBeGreaterThanOrEqual(40);
    expect(operations.map((o) => o.name)).toContain('POST /sessions');
  });

  operations.forEach((operation, index) => {
    it(`${operation.name}: hostile input answered exactly, nothing half-written, nothing of tenant B's`, async () => {
      const admitted = await callersAdmittedBy(operation);
      expect(admitted.length, `nobody can call ${operation.name}`).toBeGreaterThan(0);
      bump(tally.callers, admitted.join('+'));
      counts = await tables.counts(tenantIds());
      await fc.assert(
        fc.asyncProperty(fuzzRequests(operation, world, components, admitted), async (request) => {
          const findings = await send(request, admitted);
          if (findings.length > 0) throw new Error(findings.join(', '));
        }),
        { numRuns: RUNS, seed: SEED + index, endOnFailure: true },
      );
    }, 120_000);
  });

  it("leaves tenant B's rows exactly as they were", async () => {
    expect(await tables.digest(world.b.tenantId)).toBe(bDigestBefore);
  });

  afterAll(() => {
    const count = (finding: Finding) => tally.findings.get(finding) ?? 0;
    recordFigure({
      name: 'bad inputs tried',
      value: tally.bad,
      goal: { atLeast: 1000 },
      unit: `of ${tally.requests} requests, ${operations.length} operations`,
    });
    recordFigure({
      name: 'HTTP 500s seen',
      value: count('server error'),
      goal: 0,
      unit: `in ${tally.requests} fuzzed requests`,
    });
    recordFigure({
      name: 'partial writes',
      value: count('partial write'),
      goal: 0,
      unit: `in ${tally.refused} refused requests`,
    });
    recordFigure({
      name: 'cross-tenant attempts that succeeded',
      value: count('cross-tenant success'),
      goal: 0,
      unit: `of ${tally.crossTenantAttempts} attempts`,
    });
    const top = (m: Map<string | number, number>) =>
      [...m.entries()]
        .sort((x, y) => y[1] - x[1])
        .map(([k, n]) => `${k}: ${n}`)
        .join(', ');
    console.info(`[fuzz] operations by who may call them: ${top(tally.callers)}`);
    console.info(`[fuzz] statuses: ${top(tally.statuses)}`);
    console.info(`[fuzz] mutations: ${top(tally.mutations)}`);
    console.info(`[fuzz] findings: ${top(tally.findings) || 'none'}`);
  });
});

/** Sends one request, counting tables around it, and answers what is wrong with the answer. */
async function send(request: FuzzRequest, admitted: readonly Caller[]): Promise<Finding[]> {
  const before = counts;
  const response = await call(request);
  counts = await tables.counts(tenantIds());
  const text = JSON.stringify(response.body) ?? '';
  const observation = {
    status: response.status,
    body: response.body,
    rowsAdded: Object.fromEntries(tables.names.map((n) => [n, counts[n]! - before[n]!])),
    sentIdempotencyKey: 'idempotency-key' in request.headers,
    leakedMarkers: world.markers.filter(
      (m) => !request.carries.includes(m) && !planted.has(m) && text.includes(m),
    ),
    wrongRole: !admitted.includes(request.caller),
  };
  const findings = judge(observation);
  if (response.status < 300)
    for (const m of world.markers) if (request.carries.includes(m)) planted.add(m);
  tally.requests++;
  if (request.bad.length > 0) tally.bad++;
  if (response.status >= 400) tally.refused++;
  if (world.markers.some((m) => request.carries.includes(m))) tally.crossTenantAttempts++;
  bump(tally.statuses, response.status);
  for (const b of new Set(request.bad.map((m) => m.replace(/^[\w ]+: /, ''))))
    bump(tally.mutations, b);
  for (const f of findings) bump(tally.findings, f);
  if (findings.length > 0)
    console.error(
      `[fuzz] ${findings.join(', ')}: ${request.method} ${request.url.slice(0, 300)} as ${request.caller} ` +
        `-> ${response.status} ${text.slice(0, 500)} (rows added: ${JSON.stringify(Object.entries(observation.rowsAdded).filter(([, n]) => n !== 0))}; ` +
        `B's data: ${observation.leakedMarkers.join(' ') || '-'})`,
    );
  return findings;
}

function call(request: FuzzRequest): Promise<ApiResponse> {
  return face.call(request.method, request.url, {
    token: world.tokens[request.caller],
    headers: request.headers,
    ...(request.rawBody !== undefined ? { rawBody: request.rawBody } : {}),
    ...(request.body !== undefined ? { body: request.body } : {}),
  });
}

/**
 * The callers the operation's procedure admits, found by asking: well-formed requests from each caller, and those not
 * answered 401 or 403 FORBIDDEN are admitted (a role check runs before the input is read).
 */
async function callersAdmittedBy(operation: RestOperation): Promise<Caller[]> {
  const admitted: Caller[] = [];
  const wellFormed = fc.sample(
    fuzzRequests(operation, world, components, CALLERS).filter((r) => r.bad.length === 0),
    { numRuns: 4, seed: SEED },
  );
  for (const caller of CALLERS) {
    for (const request of wellFormed) {
      const res = await call({ ...request, caller });
      const code = (res.body as { code?: string } | null)?.code;
      if (res.status !== 401 && !(res.status === 403 && code === 'FORBIDDEN')) {
        admitted.push(caller);
        break;
      }
    }
  }
  return admitted;
}

function tenantIds(): string[] {
  return [world.a.tenantId, world.b.tenantId];
}

function bump<K>(map: Map<K, number>, key: K): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}
