/**
 * `pnpm --filter @virtual-care/api bench`: the session API against same-run baselines (this machine's speed drifts,
 * so only ratios within one run count), 8 concurrent clients each:
 *   1. session creations/s through the HTTP API  vs  raw `pg` named prepared statements doing the same SQL in one
 *      transaction;
 *   2. join-token validations/s through the HTTP API (GET /sessions/join)  vs  a bare node:http server that only
 *      verifies the HMAC.
 * Where a goal is missed, it prints where the time of a creation goes (ports timed in-process).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { createDatabase } from '@virtual-care/db';
import { startJitsiMeetStandIn } from '@virtual-care/stand-ins';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { ulid } from 'ulid';
import {
  createBearerAuthenticator,
  createRestHandler,
  createServices,
  loadApiConfig,
  type ApiServices,
} from '../src';
import { openTestDatabase } from '../test/api/support/database';
import { createPatient, createTenant } from '../test/api/support/fixtures';
import { hostFetchHandler, measure } from './http-host';

const CLIENTS = 8;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);

async function main(): Promise<void> {
  const db = await openTestDatabase();
  const jitsi = await startJitsiMeetStandIn();
  const keys = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'bench', alg: 'ES256' };
  const joinKey = randomBytes(32);
  const config = loadApiConfig({
    DATABASE_URL: db.appUrl,
    DATABASE_POOL_SIZE: '16',
    JOIN_TOKEN_KEYS: `k1:${joinKey.toString('base64url')}`,
    SECRET_STORE_MASTER_KEY: `m1:${randomBytes(32).toString('base64')}`,
    VIDEO_ALLOW_LOOPBACK_HTTP: 'true',
    API_JWT_ISSUER: 'bench',
    API_JWT_AUDIENCE: 'virtual-care-api',
    API_JWKS: JSON.stringify({ keys: [jwk] }),
  });
  const services = createServices(config);
  const timings = instrument(services);
  const admin = createDatabase({ url: db.adminUrl, maxConnections: 2 });
  const tenant = await createTenant(admin, config, { jitsiUrl: jitsi.url });
  const patientId = await createPatient(admin, tenant.tenantId, { telehealth: true });
  const bearer = await new SignJWT({ tenant_id: tenant.tenantId, roles: ['clinician'] })
    .setProtectedHeader({ alg: 'ES256', kid: 'bench' })
    .setSubject(tenant.clinicianId)
    .setIssuer('bench')
    .setAudience('virtual-care-api')
    .setExpirationTime('1h')
    .sign(keys.privateKey);
  const auth = createBearerAuthenticator(config.bearer);
  const api = await hostFetchHandler(
    createRestHandler({ services, authenticate: (r) => auth(r.headers.get('authorization')) }),
  );

  // ---- 1. session creation --------------------------------------------------------------------------------
  const createBody = JSON.stringify({
    patientId,
    scheduledStart: new Date(Date.now() + 60_000).toISOString(),
  });
  let patientToken = '';
  const create = async () => {
    const res = await fetch(`${api.url}/api/v1/virtual-care/sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
      body: createBody,
    });
    const body = (await res.json()) as { patientJoinUrl?: string };
    if (res.status !== 201)
      throw new Error(`create answered ${res.status}: ${JSON.stringify(body)}`);
    patientToken ||= new URL(body.patientJoinUrl!).searchParams.get('token')!;
  };
  for (let i = 0; i < 20; i += 1) await create(); // warm-up: JIT, prepared statements, pools
  timings.reset();
  const viaApi = await measure(CLIENTS, SECONDS, create);
  const profile = timings.snapshot(viaApi.count);
  const viaPg = await measure(
    CLIENTS,
    SECONDS,
    rawCreate(services, tenant.tenantId, patientId, tenant.clinicianId),
  );

  // ---- 2. join-token validation ---------------------------------------------------------------------------
  const validate = async () => {
    const res = await fetch(`${api.url}/api/v1/virtual-care/sessions/join?token=${patientToken}`);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`join answered ${res.status}`);
  };
  const bare = await bareHmacServer(joinKey);
  const validateBare = async () => {
    const res = await fetch(`${bare.url}/?token=${patientToken}`);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`bare answered ${res.status}`);
  };
  for (let i = 0; i < 50; i += 1) await validate();
  const joinApi = await measure(CLIENTS, SECONDS, validate);
  const joinBare = await measure(CLIENTS, SECONDS, validateBare);

  const row = (name: string, r: { perSecond: number; p50: number; p99: number }) =>
    `  ${name.padEnd(46)} ${r.perSecond.toFixed(0).padStart(7)}/s   p50 ${r.p50.toFixed(1).padStart(6)} ms   p99 ${r.p99.toFixed(1).padStart(6)} ms`;
  const createRatio = viaApi.perSecond / viaPg.perSecond;
  const joinRatio = joinApi.perSecond / joinBare.perSecond;
  console.log(`\nSession API bench (${CLIENTS} concurrent clients, ${SECONDS}s each, same run)\n`);
  console.log(row('POST /sessions via HTTP API', viaApi));
  console.log(row('same SQL, raw pg prepared, one transaction', viaPg));
  console.log(`  ratio ${createRatio.toFixed(2)}x (goal >= 0.25x, p99 < 50 ms)\n`);
  console.log(row('GET /sessions/join via HTTP API', joinApi));
  console.log(row('bare node:http, HMAC verify only', joinBare));
  console.log(`  ratio ${joinRatio.toFixed(2)}x (goal >= 0.3x)\n`);
  if (createRatio < 0.25 || viaApi.p99 >= 50) {
    console.log(
      'Where a creation spends its time (mean ms per request, in-process, overlapping awaits):',
    );
    for (const [name, ms] of profile) console.log(`  ${name.padEnd(40)} ${ms.toFixed(2)}`);
    console.log('');
  }

  api.server.close();
  bare.server.close();
  await services.close();
  await admin.close();
  await jitsi.stop();
  await db.stop();
}

/** What CreateVirtualSession writes, as raw SQL: config and consent reads, session, 2 participants, 2 outbox rows. */
function rawCreate(
  services: ApiServices,
  tenantId: string,
  patientId: string,
  clinicianId: string,
) {
  const pool = services.db.pool;
  return async () => {
    const client = await pool.connect();
    try {
      const id = `vsn_${ulid()}`;
      const now = new Date();
      const start = new Date(now.getTime() + 60_000);
      const end = new Date(start.getTime() + 30 * 60_000);
      await client.query(`BEGIN; SELECT set_config('app.tenant_id', '${tenantId}', true)`);
      await client.query({
        name: 'b_cfg',
        text: 'SELECT * FROM tenant_virtual_care_config WHERE tenant_id = $1',
        values: [tenantId],
      });
      await client.query({
        name: 'b_consent',
        text: 'SELECT decision FROM consent_records WHERE tenant_id = $1 AND patient_id = $2 AND type = $3 ORDER BY captured_at DESC, id DESC LIMIT 1',
        values: [tenantId, patientId, 'telehealth'],
      });
      await client.query({
        name: 'b_session',
        text: `INSERT INTO virtual_sessions (id, tenant_id, node_id, patient_id, initiator_id, video_backend, room_name, room_url, status,
                 scheduled_start, scheduled_end, recording_enabled, version, created_at, updated_at)
               VALUES ($1, $2, $2, $3, $4, 'jitsi', $5, $6, 'scheduled', $7, $8, false, 1, $9, $9)`,
        values: [
          id,
          tenantId,
          patientId,
          clinicianId,
          `b-${id.slice(-8)}`,
          `https://meet.example/b-${id.slice(-8)}`,
          start,
          end,
          now,
        ],
      });
      await client.query({
        name: 'b_participants',
        text: `INSERT INTO virtual_session_participants (id, session_id, tenant_id, user_id, role, status)
               SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[], $4::uuid[], $5::text[], $6::text[])`,
        values: [
          [`vsp_${ulid()}`, `vsp_${ulid()}`],
          [id, id],
          [tenantId, tenantId],
          [clinicianId, patientId],
          ['provider', 'patient'],
          ['invited', 'invited'],
        ],
      });
      const events = [
        {
          id: `evt_${ulid()}`,
          type: 'virtual_care.session.created.v1',
          tenantId,
          aggregateId: id,
          payload: { sessionId: id },
        },
        { id: `evt_${ulid()}`, type: 'SESSION_CREATED', tenantId, aggregateId: id, payload: {} },
      ];
      await client.query({
        name: 'b_outbox',
        text: `INSERT INTO virtual_care_outbox (tenant_id, event_type, aggregate_id, payload)
               SELECT (e->>'tenantId')::uuid, e->>'type', e->>'aggregateId', e FROM jsonb_array_elements($1::jsonb) AS t(e)`,
        values: [JSON.stringify(events)],
      });
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  };
}

/** The baseline for join validation: parse the query, verify the HMAC (constant time), answer 200. */
async function bareHmacServer(key: Buffer) {
  const server = createServer((req, res) => {
    const token = new URL(req.url ?? '/', 'http://x').searchParams.get('token') ?? '';
    const [payload = '', mac = ''] = token.split('.');
    const expected = createHmac('sha256', key).update(payload).digest();
    const given = Buffer.from(mac, 'base64url');
    const ok = given.length === expected.length && timingSafeEqual(given, expected);
    res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
    res.end(ok ? '{"valid":true}' : '{"valid":false}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return { url: `http://127.0.0.1:${address.port}`, server };
}

/** Wraps the create path's ports with timers (a poor man's profile of where a creation waits). */
function instrument(services: ApiServices) {
  const totals = new Map<string, number>();
  const timed =
    <A extends unknown[], R>(name: string, fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const t0 = performance.now();
      try {
        return await fn(...args);
      } finally {
        totals.set(name, (totals.get(name) ?? 0) + performance.now() - t0);
      }
    };
  const d = services.deps as unknown as Record<
    string,
    Record<string, (...a: unknown[]) => Promise<unknown>>
  >;
  const wrap = (port: string, method: string, name: string) => {
    const target = d[port]!;
    target[method] = timed(name, target[method]!.bind(target));
  };
  wrap('licence', 'isVirtualCareLicensed', 'licence (cached 10 s)');
  wrap('consent', 'hasConsent', 'consent check (local records, 1 tx)');
  wrap('videoHealth', 'check', 'Jitsi health check (HTTP)');
  wrap('video', 'createRoom', 'Jitsi room probe (HTTP)');
  wrap('signer', 'sign', 'join token HMAC');
  const uow = services.db.unitOfWork;
  const run = uow.run.bind(uow) as (
    tenantId: string,
    work: (scope: never) => Promise<unknown>,
  ) => Promise<unknown>;
  const timedRun = timed('unit-of-work transactions (all)', run);
  Object.assign(uow, { run: timedRun });
  return {
    reset: () => totals.clear(),
    snapshot: (count: number) =>
      [...totals.entries()].map(([k, v]) => [k, v / Math.max(1, count)] as const),
  };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
