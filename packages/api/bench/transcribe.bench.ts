/**
 * `pnpm --filter @virtual-care/api bench` (after the session API's): the transcribe endpoint's overhead (issue 18).
 * The same CHUNKS audio chunks (5 s of 16 kHz mono 16-bit PCM WAV each, deterministic) are sent, CLIENTS in flight,
 *   a. straight to the AI gateway stand-in's POST /v1/audio/transcriptions, multipart as the adapter sends them;
 *   b. through POST /sessions/{id}/ai/transcribe as a raw audio/wav body with the clinician's bearer token: it
 *      authenticates, reads the session, the tenant's config and the patient's ai_processing consent, calls the
 *      same stand-in and appends the segment to the visit's transcript. Each in-flight loop is one clinician's
 *      active visit, as chunks of one visit arrive one after another.
 * The two alternate in ROUNDS (a b, b a, ...) after a warm-up round, so they share this machine's drift. It prints
 * throughput (goal: the endpoint at >= 0.8x of direct) and p50/p99 (goal: the endpoint adds <= 20 ms at p99), then
 * the same at 1 in flight (the added time without waiting for a core); where a goal is missed, the CPU each process
 * spends per chunk on either path and the API's timed ports. The API and the stand-in each run in their own Node
 * process (bench/server-process.ts); this one only drives load.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { Agent } from 'node:http';
import { createFixtureDatabase, type FixtureDatabase } from '@virtual-care/db/test-support';
import { startJitsiMeetStandIn } from '@virtual-care/stand-ins';
import { generateKeyPair } from 'jose';
import { loadApiConfig } from '../src';
import { openTestDatabase } from '../test/api/support/database';
import { createPatient, createTenant } from '../test/api/support/fixtures';
import { apiEnvironment, signBearer } from './api-environment';
import { withCleanups } from './cleanups';
import { httpRequest, measureEach, summarize, type Summary } from './http-host';
import { spawnServer, type ProfileEntry, type ServerProcess } from './spawn-server';

const CLIENTS = 4;
const CHUNKS = 200;
const ROUNDS = 4;
/** Rounds at 1 in flight. */
const ROUNDS_ALONE = 2;
const SAMPLE_RATE = 16_000;
const CHUNK_SECONDS = 5;
const SESSIONS = '/api/v1/virtual-care/sessions';
const TRANSCRIPTIONS = '/v1/audio/transcriptions';
const GOAL_RATIO = 0.8;
const GOAL_ADDED_P99_MS = 20;

interface Chunk {
  /** The bytes our endpoint receives. */
  wav: Uint8Array;
  /** The multipart body the adapter posts to the gateway for these bytes, and its Content-Type. */
  multipart: Uint8Array;
  multipartType: string;
}

async function main(): Promise<void> {
  await withCleanups(async (defer) => {
    const db = defer(await openTestDatabase(), (d) => d.stop());
    const jitsi = defer(await startJitsiMeetStandIn(), (j) => j.stop());
    const gateway = defer(await spawnServer('ai-gateway', {}), (s) => s.stop());
    const keys = await generateKeyPair('ES256', { extractable: true });
    const apiEnv = {
      ...(await apiEnvironment(db.appUrl, keys.publicKey, randomBytes(32))),
      AI_GATEWAY_URL: gateway.url,
    };
    const admin = defer(createFixtureDatabase({ url: db.adminUrl, maxConnections: 2 }), (a) =>
      a.close(),
    );
    const tenant = await createTenant(admin, loadApiConfig(apiEnv), { jitsiUrl: jitsi.url });
    const bearer = await signBearer(keys.privateKey, tenant);
    const agent = defer(new Agent({ keepAlive: true, maxSockets: CLIENTS }), (a) => a.destroy());
    const api = defer(await spawnServer('api', apiEnv), (s) => s.stop());

    const visits: string[] = [];
    for (let i = 0; i < CLIENTS; i++) {
      const patientId = await createPatient(admin, tenant.tenantId, {
        telehealth: true,
        ai_processing: true,
      });
      visits.push(await activeVisit(agent, api.url, bearer, patientId));
    }
    const model = loadApiConfig(apiEnv).aiGateway.transcriptionModel;
    const chunks = await Promise.all(Array.from({ length: CHUNKS }, (_, i) => chunkOf(i, model)));

    const toStandIn = async (chunk: Chunk) => {
      const headers = { 'content-type': chunk.multipartType };
      const res = await httpRequest(
        agent,
        'POST',
        `${gateway.url}${TRANSCRIPTIONS}`,
        headers,
        chunk.multipart,
      );
      return expectText(res, 200, 'the stand-in');
    };
    const viaApi = async (chunk: Chunk, client: number) => {
      const headers = { authorization: `Bearer ${bearer}`, 'content-type': 'audio/wav' };
      const url = `${api.url}${SESSIONS}/${visits[client]}/ai/transcribe`;
      return expectText(
        await httpRequest(agent, 'POST', url, headers, chunk.wav),
        201,
        'the endpoint',
      );
    };

    // Warm-up (JIT, pools, keep-alive sockets), which also proves both paths transcribe the same chunks alike.
    const heard = new Map<Chunk, string>();
    await measureEach(CLIENTS, chunks, async (chunk) => heard.set(chunk, await toStandIn(chunk)));
    await measureEach(CLIENTS, chunks, async (chunk, client) => {
      if ((await viaApi(chunk, client)) !== heard.get(chunk))
        throw new Error('the endpoint and the stand-in transcribed a chunk differently');
    });

    const direct: Path = { name: 'direct to the stand-in (multipart)', op: toStandIn };
    const endpoint: Path = { name: 'POST /sessions/{id}/ai/transcribe via the API', op: viaApi };
    const servers = { api, gateway, admin };
    const loaded = await alternate(CLIENTS, ROUNDS, [direct, endpoint], chunks, servers);
    const alone = await alternate(1, ROUNDS_ALONE, [direct, endpoint], chunks, servers);
    report({ api, model, chunkBytes: chunks[0]!.wav.byteLength }, loaded, alone);
  });
}

type Op = (chunk: Chunk, client: number) => Promise<unknown>;

interface Path {
  name: string;
  op: Op;
}

/** One path's passes: throughput and latency, and where the time went (ms, summed over all its chunks). */
interface Measured {
  name: string;
  summary: Summary;
  spent: Map<string, number>;
}

/**
 * `rounds` passes over every chunk through each path, `clients` in flight, the order swapped each round (a b, b a)
 * so both meet the same drift. Around each pass, the CPU of this process, of the two servers and of PostgreSQL's
 * backends, and the API's timed ports.
 */
async function alternate(
  clients: number,
  rounds: number,
  paths: readonly [Path, Path],
  chunks: readonly Chunk[],
  servers: { api: ServerProcess; gateway: ServerProcess; admin: FixtureDatabase },
): Promise<[Measured, Measured]> {
  const passes = paths.map(() => ({
    latencies: [] as number[],
    seconds: 0,
    spent: new Map<string, number>(),
  }));
  for (let round = 0; round < rounds; round++) {
    for (const index of round % 2 === 0 ? [0, 1] : [1, 0]) {
      const into = passes[index]!;
      await Promise.all([servers.api.resetProfile(), servers.gateway.resetProfile()]);
      const postgres = await postgresCpuMs(servers.admin);
      const own = process.cpuUsage();
      const { latencies, seconds } = await measureEach(clients, chunks, paths[index]!.op);
      const ownUsed = process.cpuUsage(own);
      const spent: ProfileEntry[] = [
        ['PostgreSQL backends CPU', await postgresCpuSince(servers.admin, postgres)],
        ['load generator (this process) CPU', (ownUsed.user + ownUsed.system) / 1000],
        ...prefixed('stand-in', await servers.gateway.profile(1)),
        ...prefixed('API', await servers.api.profile(1)),
      ];
      for (const [name, ms] of spent) into.spent.set(name, (into.spent.get(name) ?? 0) + ms);
      into.latencies.push(...latencies);
      into.seconds += seconds;
    }
  }
  const [a, b] = passes.map((p, i) => ({
    name: paths[i]!.name,
    summary: summarize(p.latencies, p.seconds),
    spent: p.spent,
  }));
  return [a!, b!];
}

const prefixed = (server: string, entries: ProfileEntry[]): ProfileEntry[] =>
  entries.map(([name, ms]) => [`${server}: ${name}`, ms]);

/**
 * CPU time (ms) of each PostgreSQL client backend so far, from /proc (Linux, the server on this machine; elsewhere
 * none is found and the row reads 0). Clock ticks are USER_HZ, 100 on Linux.
 */
async function postgresCpuMs(admin: FixtureDatabase): Promise<Map<number, number>> {
  const { rows } = await admin.pool.query<{ pid: number }>(
    "SELECT pid FROM pg_stat_activity WHERE backend_type = 'client backend'",
  );
  const used = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      used.set(pid, (Number(fields[11]) + Number(fields[12])) * 10);
    } catch {
      // Not on this machine, or the backend has just gone.
    }
  }
  return used;
}

async function postgresCpuSince(admin: FixtureDatabase, before: Map<number, number>) {
  let ms = 0;
  for (const [pid, now] of await postgresCpuMs(admin)) ms += now - (before.get(pid) ?? 0);
  return ms;
}

/**
 * A visit under way, as a clinic starts one: created, the patient in the waiting room, the clinician in the room,
 * the patient admitted. Its session id.
 */
async function activeVisit(
  agent: Agent,
  apiUrl: string,
  bearer: string,
  patientId: string,
): Promise<string> {
  const call = async (method: string, path: string, body: unknown, auth = true) => {
    const headers = {
      'content-type': 'application/json',
      ...(auth ? { authorization: `Bearer ${bearer}` } : {}),
    };
    const res = await httpRequest(
      agent,
      method,
      `${apiUrl}${SESSIONS}${path}`,
      headers,
      JSON.stringify(body),
    );
    if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${res.body}`);
    return JSON.parse(res.body) as Record<string, unknown>;
  };
  const scheduledStart = new Date(Date.now() + 60_000).toISOString();
  const created = (await call('POST', '', { patientId, scheduledStart })) as {
    id: string;
    patientJoinUrl: string;
  };
  const token = new URL(created.patientJoinUrl).searchParams.get('token');
  await call('POST', '/join', { token }, false);
  await call('POST', `/${created.id}/provider-join`, {});
  const detail = await httpRequest(agent, 'GET', `${apiUrl}${SESSIONS}/${created.id}`, {
    authorization: `Bearer ${bearer}`,
  });
  const { participants } = JSON.parse(detail.body) as {
    participants: Array<{ id: string; role: string }>;
  };
  const patient = participants.find((p) => p.role === 'patient');
  if (!patient) throw new Error(`no patient in session ${created.id}`);
  await call('POST', `/${created.id}/admit/${patient.id}`, {});
  return created.id;
}

/** Chunk `index`: a WAV header and seeded noise (speech to the stand-in, which hashes it), and its multipart form. */
async function chunkOf(index: number, model: string): Promise<Chunk> {
  const samples = SAMPLE_RATE * CHUNK_SECONDS;
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write('RIFF', 0, 'ascii');
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write('WAVEfmt ', 8, 'ascii');
  wav.writeUInt32LE(16, 16); // the fmt chunk's size
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(SAMPLE_RATE, 24);
  wav.writeUInt32LE(SAMPLE_RATE * 2, 28); // bytes per second
  wav.writeUInt16LE(2, 32); // bytes per frame
  wav.writeUInt16LE(16, 34); // bits per sample
  wav.write('data', 36, 'ascii');
  wav.writeUInt32LE(samples * 2, 40);
  let state = 0x9e3779b9 ^ (index + 1);
  for (let i = 0; i < samples; i++) {
    // xorshift32: the same chunk on every run, a different one for every index.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    wav.writeInt16LE((state >> 18) | 0, 44 + i * 2);
  }
  // Encoded by fetch's own FormData, as the adapter's request is, with the fields the adapter sends.
  const form = new FormData();
  form.append('file', new Blob([wav], { type: 'audio/wav' }), 'audio.wav');
  form.append('model', model);
  form.append('response_format', 'json');
  const encoded = new Request('http://gateway/', { method: 'POST', body: form });
  return {
    wav: new Uint8Array(wav),
    multipart: new Uint8Array(await encoded.arrayBuffer()),
    multipartType: encoded.headers.get('content-type') ?? '',
  };
}

function expectText(res: { status: number; body: string }, status: number, who: string): string {
  if (res.status !== status) throw new Error(`${who} answered ${res.status}: ${res.body}`);
  return (JSON.parse(res.body) as { text: string }).text;
}

function report(
  { api, model, chunkBytes }: { api: ServerProcess; model: string; chunkBytes: number },
  [direct, endpoint]: [Measured, Measured],
  [directAlone, endpointAlone]: [Measured, Measured],
): void {
  const row = ({ name, summary: m }: Measured) =>
    `  ${name.padEnd(46)} ${m.perSecond.toFixed(0).padStart(7)} chunks/s   p50 ${m.p50.toFixed(1).padStart(6)} ms   p99 ${m.p99.toFixed(1).padStart(6)} ms`;
  const ratio = endpoint.summary.perSecond / direct.summary.perSecond;
  const addedP99 = endpoint.summary.p99 - direct.summary.p99;
  console.log(
    `\nTranscribe endpoint bench (${CHUNKS} chunks of ${CHUNK_SECONDS} s 16 kHz mono WAV, ${(chunkBytes / 1024).toFixed(0)} KiB each, model ${model}; same run)`,
  );
  console.log(
    `API in its own Node process (pid ${api.pid}), the AI gateway stand-in in another; this one only drives load (${cpus().length} cores).\n`,
  );
  console.log(`${CLIENTS} in flight, ${ROUNDS} rounds alternated:`);
  console.log(row(direct));
  console.log(row(endpoint));
  console.log(
    `  ratio ${ratio.toFixed(2)}x (goal >= ${GOAL_RATIO}x); added p99 ${addedP99.toFixed(1)} ms (goal <= ${GOAL_ADDED_P99_MS} ms)\n`,
  );
  console.log(
    `1 in flight, ${ROUNDS_ALONE} rounds alternated (the added time without waiting for a core):`,
  );
  console.log(row(directAlone));
  console.log(row(endpointAlone));
  console.log(
    `  added p50 ${(endpointAlone.summary.p50 - directAlone.summary.p50).toFixed(1)} ms, added p99 ${(endpointAlone.summary.p99 - directAlone.summary.p99).toFixed(1)} ms\n`,
  );
  if (ratio >= GOAL_RATIO && addedP99 <= GOAL_ADDED_P99_MS) return;
  console.log(
    `Where a chunk's time goes at ${CLIENTS} in flight (mean ms per chunk; CPU, and the API's ports as wall time of overlapping awaits):`,
  );
  console.log(`  ${''.padEnd(50)} ${'direct'.padStart(8)} ${'via API'.padStart(8)}`);
  const perChunk = (m: Measured, name: string) =>
    ((m.spent.get(name) ?? 0) / m.summary.count).toFixed(3).padStart(8);
  for (const name of endpoint.spent.keys())
    console.log(`  ${name.padEnd(50)} ${perChunk(direct, name)} ${perChunk(endpoint, name)}`);
  console.log('');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
