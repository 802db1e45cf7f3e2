/**
 * `pnpm --filter @virtual-care/api bench`: the session API against same-run baselines (this machine's speed drifts,
 * so only ratios within one run count), 8 concurrent clients each:
 *   1. session creations/s through the HTTP API  vs  raw `pg` named prepared statements doing the same SQL in one
 *      transaction;
 *   2. join-token validations/s through the HTTP API (GET /sessions/join)  vs  a bare node:http server that only
 *      verifies the HMAC. One link opened again and again: after the first, the API answers from the sessions it
 *      read lately (decision 0011), as for a patient reopening a link; the token is still verified every time.
 * The API and the bare server each run in their own Node process (bench/server-process.ts), as the API does in
 * production; this process generates the load (node:http keep-alive clients), hosts the Jitsi stand-in (an outside
 * system) and runs the raw-pg baseline. Sharing one event loop starved the server under test of CPU.
 * Where a goal is missed, it prints where the time of a creation goes (ports timed in the server process);
 * BENCH_CPU_PROFILE=<dir> also writes the server's V8 CPU profile there.
 */
import { randomBytes } from 'node:crypto';
import { Agent } from 'node:http';
import { createFixtureDatabase, openSqlPool, type SqlPool } from '@virtual-care/db/test-support';
import { startJitsiMeetStandIn } from '@virtual-care/stand-ins';
import { generateKeyPair } from 'jose';
import { ulid } from 'ulid';
import { loadApiConfig } from '../src';
import { openTestDatabase } from '../test/api/support/database';
import { createPatient, createTenant } from '../test/api/support/fixtures';
import { apiEnvironment, signBearer } from './api-environment';
import { withCleanups } from './cleanups';
import { httpRequest, measure } from './http-host';
import { spawnServer, type ProfileEntry, type ServerProcess } from './spawn-server';

const CLIENTS = 8;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const WARM_UP_SECONDS = 3;
const SESSIONS = '/api/v1/virtual-care/sessions';

type Measurement = Awaited<ReturnType<typeof measure>>;

async function main(): Promise<void> {
  await withCleanups(async (defer) => {
    const db = defer(await openTestDatabase(), (d) => d.stop());
    const jitsi = defer(await startJitsiMeetStandIn(), (j) => j.stop());
    const keys = await generateKeyPair('ES256', { extractable: true });
    const joinKey = randomBytes(32);
    const apiEnv = await apiEnvironment(db.appUrl, keys.publicKey, joinKey);
    const admin = defer(createFixtureDatabase({ url: db.adminUrl, maxConnections: 2 }), (a) =>
      a.close(),
    );
    // The raw baseline's own pool, on the app role like the API's (so RLS applies to both).
    const rawPool = defer(openSqlPool(db.appUrl, 16), (p) => p.end());
    const tenant = await createTenant(admin, loadApiConfig(apiEnv), { jitsiUrl: jitsi.url });
    const patientId = await createPatient(admin, tenant.tenantId, { telehealth: true });
    const bearer = await signBearer(keys.privateKey, tenant);
    const agent = defer(new Agent({ keepAlive: true, maxSockets: CLIENTS }), (a) => a.destroy());
    const api = defer(await spawnServer('api', apiEnv), (s) => s.stop());
    const bare = defer(
      await spawnServer('bare-hmac', { BARE_HMAC_KEY: joinKey.toString('base64url') }),
      (s) => s.stop(),
    );

    const createBody = JSON.stringify({ patientId, scheduledStart: inAMinute() });
    const create = () => createSession(agent, api.url, bearer, createBody);
    const patientToken = joinTokenOf(await create());
    // Warm-up (3 s) before each measurement, at its concurrency: JIT, and pools grown to their working size (a
    // connection's SCRAM handshake and first prepares would otherwise land in the measured tail). The reads go
    // first, so they do not meet the maintenance (autovacuum, checkpoints) thousands of inserts start.

    // ---- 1. join-token validation -------------------------------------------------------------------------
    const validate = (url: string) => () => expectOk(agent, url);
    const validateApi = validate(`${api.url}${SESSIONS}/join?token=${patientToken}`);
    const validateBare = validate(`${bare.url}/?token=${patientToken}`);
    await measure(CLIENTS, WARM_UP_SECONDS, validateApi);
    await api.resetProfile();
    const joinApi = await measure(CLIENTS, SECONDS, validateApi);
    const joinProfile = await api.profile(joinApi.count);
    await measure(CLIENTS, WARM_UP_SECONDS, validateBare);
    await bare.resetProfile();
    const joinBare = await measure(CLIENTS, SECONDS, validateBare);
    const bareProfile = await bare.profile(joinBare.count);

    // ---- 2. session creation ------------------------------------------------------------------------------
    const createRaw = rawCreate(rawPool, tenant.tenantId, patientId, tenant.clinicianId);
    await measure(CLIENTS, WARM_UP_SECONDS, create);
    await api.resetProfile();
    const viaApi = await measure(CLIENTS, SECONDS, create);
    const profile = await api.profile(viaApi.count);
    await measure(CLIENTS, WARM_UP_SECONDS, createRaw);
    const viaPg = await measure(CLIENTS, SECONDS, createRaw);

    report(
      api,
      { viaApi, viaPg, joinApi, joinBare },
      { create: profile, join: joinProfile, bare: bareProfile },
    );
  });
}

function inAMinute(): string {
  return new Date(Date.now() + 60_000).toISOString();
}

/** POST /sessions; the response body (it carries the join URLs). */
async function createSession(
  agent: Agent,
  apiUrl: string,
  bearer: string,
  body: string,
): Promise<string> {
  const headers = { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' };
  const res = await httpRequest(agent, 'POST', `${apiUrl}${SESSIONS}`, headers, body);
  if (res.status !== 201) throw new Error(`create answered ${res.status}: ${res.body}`);
  return res.body;
}

function joinTokenOf(createdBody: string): string {
  const { patientJoinUrl } = JSON.parse(createdBody) as { patientJoinUrl: string };
  const token = new URL(patientJoinUrl).searchParams.get('token');
  if (!token) throw new Error(`no join token in ${patientJoinUrl}`);
  return token;
}

async function expectOk(agent: Agent, url: string): Promise<void> {
  const res = await httpRequest(agent, 'GET', url);
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}`);
}

function report(
  api: ServerProcess,
  r: { viaApi: Measurement; viaPg: Measurement; joinApi: Measurement; joinBare: Measurement },
  profiles: { create: ProfileEntry[]; join: ProfileEntry[]; bare: ProfileEntry[] },
): void {
  const row = (name: string, m: Measurement) =>
    `  ${name.padEnd(46)} ${m.perSecond.toFixed(0).padStart(7)}/s   p50 ${m.p50.toFixed(1).padStart(6)} ms   p99 ${m.p99.toFixed(1).padStart(6)} ms`;
  const createRatio = r.viaApi.perSecond / r.viaPg.perSecond;
  const joinRatio = r.joinApi.perSecond / r.joinBare.perSecond;
  console.log(`\nSession API bench (${CLIENTS} concurrent clients, ${SECONDS}s each, same run)`);
  console.log(
    `Server under test in its own Node process (pid ${api.pid}), as in production; this one only drives load, the Jitsi stand-in and the raw-pg baseline.\n`,
  );
  console.log(row('POST /sessions via HTTP API', r.viaApi));
  console.log(row('same SQL, raw pg prepared, one transaction', r.viaPg));
  console.log(`  ratio ${createRatio.toFixed(2)}x (goal >= 0.25x, p99 < 50 ms)\n`);
  console.log(row('GET /sessions/join via HTTP API', r.joinApi));
  console.log(row('bare node:http, HMAC verify only', r.joinBare));
  console.log(`  ratio ${joinRatio.toFixed(2)}x (goal >= 0.3x)\n`);
  const where = (what: string, entries: ProfileEntry[]) => {
    console.log(
      `Where ${what} spends its time (mean ms per request, in the server process; ports are wall time of overlapping awaits):`,
    );
    for (const [name, ms] of entries) console.log(`  ${name.padEnd(40)} ${ms.toFixed(3)}`);
    console.log('');
  };
  if (createRatio < 0.25 || r.viaApi.p99 >= 50) where('a creation', profiles.create);
  if (joinRatio < 0.3) {
    where('a join validation', profiles.join);
    where('the bare HMAC check', profiles.bare);
    console.log(
      "  (BENCH_CPU_PROFILE=<dir> writes the API process's V8 profile; docs/decisions/0010 says what was tuned.)\n",
    );
  }
}

/** What CreateVirtualSession writes, as raw SQL: config and consent reads, session, 2 participants, 2 outbox rows. */
function rawCreate(pool: SqlPool, tenantId: string, patientId: string, clinicianId: string) {
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

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
