/**
 * `pnpm bench:waiting-room`: the waiting room under load on one web process (issue 20), a benchmark, not a test.
 * WAITING_ROOM_PATIENTS (default 1,000) patients enter and then poll as the join page does (POST /join/api/status,
 * a heartbeat and the status, 5 s after each answer while waiting), spread over WAITING_ROOM_CLINICS (20) clinics,
 * while WAITING_ROOM_DASHBOARDS (100) clinician dashboards hold the live waiting room (`waitingRoom.changes` over
 * SSE) and refetch the list as the page does (a burst of signals, 150 ms debounce; every 30 s while live). Once all
 * wait, WAITING_ROOM_SAMPLES (100) more patients enter, one at a time over WAITING_ROOM_SECONDS (20), and it prints:
 *   - enter -> dashboard: from sending the enter to each of the clinic's dashboards reading its `participant.joined`
 *     (the event goes web -> outbox -> the worker's relay -> NATS -> the web's one subscription -> SSE), p50 / p99,
 *     goal p99 < 250 ms; and from the enter's answer, the live path alone;
 *   - the bare NATS publish -> subscribe round trip measured meanwhile, and the ratio;
 *   - the web process's CPU (share of one core) and memory (RSS), read from /proc like a process monitor would;
 *   - database queries per heartbeat (goal <= 1), per status read and per enter, with the transaction control and
 *     round trips around them, counted in the web process.
 * The web process (bench/waiting-room-host.ts) and the worker (apps/worker, relay and presence sweep) each run in a
 * Node process of their own; this process generates the load.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { connect } from '@nats-io/transport-node';
import { createFixtureDatabase } from '@virtual-care/db/test-support';
import { startJitsiMeetStandIn } from '@virtual-care/stand-ins';
import { generateKeyPair } from 'jose';
import { loadApiConfig } from '../src';
import { openTestDatabase } from '../test/api/support/database';
import { createPatient, createTenant, type TenantFixture } from '../test/api/support/fixtures';
import { apiEnvironment, signBearer } from './api-environment';
import { withCleanups, type Defer } from './cleanups';
import { httpRequest, measureEach, summarize } from './http-host';
import { spawnServer } from './spawn-server';

const env = process.env;
const CLINICS = Number(env.WAITING_ROOM_CLINICS ?? 20);
const PATIENTS = Number(env.WAITING_ROOM_PATIENTS ?? 1000);
const DASHBOARDS = Number(env.WAITING_ROOM_DASHBOARDS ?? 100);
const SAMPLES = Number(env.WAITING_ROOM_SAMPLES ?? 100);
const SECONDS = Number(env.WAITING_ROOM_SECONDS ?? 20);
/** The join page's poll while waiting (apps/web/src/app/join/join-flow.tsx, POLL_MS). */
const PATIENT_POLL_MS = 5_000;
/** The dashboard's poll while live, and its debounce of a burst of signals (waiting-room-panel, use-live-refresh). */
const DASHBOARD_POLL_MS = 30_000;
const REFRESH_DEBOUNCE_MS = 150;
/** How fast the waiting patients arrive before the measurement (enters per second). */
const ARRIVALS_PER_SECOND = 100;
const SESSIONS = '/api/v1/virtual-care/sessions';
const repoRoot = path.resolve(import.meta.dirname, '../../..');

interface Clinic {
  tenant: TenantFixture;
  bearer: string;
}

interface Visit {
  clinic: number;
  sessionId: string;
  token: string;
}

async function main(): Promise<void> {
  await withCleanups(async (defer) => {
    const db = defer(await openTestDatabase(), (d) => d.stop());
    const jitsi = defer(await startJitsiMeetStandIn(), (j) => j.stop());
    const natsUrl = await natsServer(defer);
    const keys = await generateKeyPair('ES256', { extractable: true });
    const webEnv = {
      ...(await apiEnvironment(db.appUrl, keys.publicKey, randomBytes(32))),
      NATS_URL: natsUrl,
    };
    const admin = defer(createFixtureDatabase({ url: db.adminUrl, maxConnections: 8 }), (a) =>
      a.close(),
    );
    const config = loadApiConfig(webEnv);
    const clinics: Clinic[] = [];
    for (let n = 0; n < CLINICS; n += 1) {
      const tenant = await createTenant(admin, config, { jitsiUrl: jitsi.url });
      clinics.push({ tenant, bearer: await signBearer(keys.privateKey, tenant) });
    }
    log(`${CLINICS} clinics; creating ${PATIENTS + SAMPLES} patients and their sessions`);

    const web = defer(await spawnServer('waiting-room', webEnv), (s) => s.stop());
    defer(startWorker({ ...webEnv, DATABASE_URL: workerUrl(db.appUrl) }), stopChild);
    // A connection per patient and dashboard, as each browser has its own: no request waits here for a socket.
    const agent = defer(
      new Agent({ keepAlive: true, maxSockets: PATIENTS + SAMPLES + DASHBOARDS }),
      (a) => a.destroy(),
    );
    const visitOf = async (n: number): Promise<Visit> => {
      const clinic = n % CLINICS;
      const patientId = await createPatient(admin, clinics[clinic]!.tenant.tenantId);
      const created = await httpRequest(
        agent,
        'POST',
        `${web.url}${SESSIONS}`,
        { authorization: `Bearer ${clinics[clinic]!.bearer}`, 'content-type': 'application/json' },
        JSON.stringify({ patientId, scheduledStart: new Date(Date.now() + 60_000).toISOString() }),
      );
      if (created.status !== 201) throw new Error(`create answered ${created.status}`);
      const { id, patientJoinUrl } = JSON.parse(created.body) as {
        id: string;
        patientJoinUrl: string;
      };
      return { clinic, sessionId: id, token: new URL(patientJoinUrl).searchParams.get('token')! };
    };
    const visits: Visit[] = [];
    await measureEach(8, [...Array(PATIENTS + SAMPLES).keys()], async (n) => {
      visits[n] = await visitOf(n);
    });
    const waiting = visits.slice(0, PATIENTS);
    const samples = visits.slice(PATIENTS);

    // ---- the dashboards, live ------------------------------------------------------------------------------
    const deliveries = new Map<string, number[]>();
    const dashboards = Array.from({ length: DASHBOARDS }, (_, n) =>
      openDashboard(web.url, clinics[n % CLINICS]!.bearer, agent, (sessionId) => {
        deliveries.get(sessionId)?.push(performance.now());
      }),
    );
    defer(dashboards, (all) => all.forEach((d) => d.close()));
    await Promise.all(dashboards.map((d) => d.live));
    log(`${DASHBOARDS} dashboards live; ${PATIENTS} patients entering`);

    // ---- the patients, waiting -----------------------------------------------------------------------------
    const patients = new Patients(web.url, agent);
    defer(patients, (p) => p.stop());
    const arrivals = performance.now();
    await measureEach(8, waiting, async (visit) => {
      await patients.enter(visit);
      const lag =
        (arrivals + (patients.entered * 1000) / ARRIVALS_PER_SECOND - performance.now()) | 0;
      if (lag > 0) await sleep(lag);
    });
    // One poll round, so every patient is heartbeating at its own phase before the measurement.
    await sleep(PATIENT_POLL_MS);
    log(`${patients.entered} patients waiting and polling; measuring for ${SECONDS} s`);

    // ---- the measured window -------------------------------------------------------------------------------
    await web.resetProfile();
    patients.resetCounts();
    const usage0 = processUsage(web.pid);
    const rtt = measureNatsRoundTrips(natsUrl, SECONDS * 1000);
    const enterLatencies: number[] = [];
    const sent = new Map<string, number>();
    const answered = new Map<string, number>();
    const windowStart = performance.now();
    for (const [n, visit] of samples.entries()) {
      await sleep(windowStart + (n * SECONDS * 1000) / SAMPLES - performance.now());
      deliveries.set(visit.sessionId, []);
      const t0 = performance.now();
      sent.set(visit.sessionId, t0);
      await patients.enter(visit);
      answered.set(visit.sessionId, performance.now());
      enterLatencies.push(performance.now() - t0);
    }
    await sleep(windowStart + SECONDS * 1000 - performance.now());
    const usage1 = processUsage(web.pid);
    const wallMs = performance.now() - windowStart;
    const profile = new Map(await web.profile(1));
    const natsRtt = await rtt;
    // Late deliveries (past the window) still count: give them a moment, then read what arrived.
    await sleep(1000);

    // ---- figures -------------------------------------------------------------------------------------------
    const dashboardsPerClinic = (clinic: number) =>
      dashboards.filter((_, n) => n % CLINICS === clinic).length;
    const latencies: number[] = [];
    const afterAnswer: number[] = [];
    let missing = 0;
    for (const visit of samples) {
      const times = deliveries.get(visit.sessionId) ?? [];
      missing += dashboardsPerClinic(visit.clinic) - times.length;
      for (const at of times) {
        latencies.push(at - sent.get(visit.sessionId)!);
        // A delivery may beat the enter's own answer (the event is committed before the answer is written).
        afterAnswer.push(Math.max(0, at - answered.get(visit.sessionId)!));
      }
    }
    const delivered = summarize(latencies, SECONDS);
    // The live path alone (outbox -> relay -> NATS -> the web's fan-out -> SSE), without the enter request's own time.
    const live = summarize(afterAnswer, SECONDS);
    const bare = summarize(natsRtt, SECONDS);
    const enters = summarize(enterLatencies, SECONDS);
    const polls = summarize(patients.pollLatencies, SECONDS);
    const cpuShare = (usage1.cpuMs - usage0.cpuMs) / wallMs;
    const perCall = (name: string, what = 'queries') => profile.get(`${name}: ${what}`) ?? 0;
    const sql = (name: string) =>
      `${perCall(name).toFixed(2)} queries (+${perCall(name, 'transaction control').toFixed(2)} BEGIN/COMMIT/settings) in ${perCall(name, 'round trips').toFixed(2)} round trips`;

    console.log(
      `\n[bench] waiting room on one web process: ${patients.entered} patients waiting (poll every ${PATIENT_POLL_MS / 1000} s), ${DASHBOARDS} dashboards live, ${CLINICS} clinics, ${SECONDS} s measured`,
    );
    row(
      'enter -> dashboard',
      `p50 ${ms(delivered.p50)}  p99 ${ms(delivered.p99)}  (${delivered.count} deliveries of ${SAMPLES} enters${missing > 0 ? `, ${missing} MISSING` : ''}; goal p99 < 250 ms: ${delivered.p99 < 250 && missing === 0 ? 'met' : 'MISSED'})`,
    );
    row(
      'enter answered -> dash',
      `p50 ${ms(live.p50)}  p99 ${ms(live.p99)}  (the live path alone)`,
    );
    row(
      'bare NATS pub -> sub',
      `p50 ${ms(bare.p50)}  p99 ${ms(bare.p99)}  (${bare.count} round trips)`,
    );
    row(
      'ratio to bare NATS',
      `p50 ${(delivered.p50 / bare.p50).toFixed(0)}x  p99 ${(delivered.p99 / bare.p99).toFixed(0)}x`,
    );
    row('enter (HTTP)', `p50 ${ms(enters.p50)}  p99 ${ms(enters.p99)}`);
    row(
      'poll (HTTP)',
      `p50 ${ms(polls.p50)}  p99 ${ms(polls.p99)}  (${(polls.count / (wallMs / 1000)).toFixed(0)} polls/s, ${patients.failures} failed)`,
    );
    row(
      'web process',
      `CPU ${(cpuShare * 100).toFixed(0)}% of one core, RSS ${(usage1.rssBytes / 2 ** 20).toFixed(0)} MiB`,
    );
    row(
      'DB per heartbeat',
      `${sql('heartbeat')} (goal <= 1 query: ${perCall('heartbeat') <= 1 ? 'met' : 'MISSED'})`,
    );
    row('DB per status read', sql('status read'));
    row('DB per enter', sql('enter'));
  });
}

/** The test command's NATS (TEST_NATS_URL), or one started here with the repository's own helper. */
async function natsServer(defer: Defer): Promise<string> {
  if (env.TEST_NATS_URL) return env.TEST_NATS_URL;
  const { startNats } = (await import(
    pathToFileURL(path.join(repoRoot, 'scripts/lib/nats.mjs')).href
  )) as {
    startNats: (o: {
      storeDir: string;
      log: (m: string) => void;
    }) => Promise<{ url: string; stop(): Promise<void> } | null>;
  };
  const dir = defer(mkdtempSync(path.join(tmpdir(), 'vc-bench-nats-')), (d) =>
    rmSync(d, { recursive: true, force: true }),
  );
  const nats = await startNats({ storeDir: dir, log });
  if (!nats) throw new Error('the benchmark needs nats-server (or TEST_NATS_URL)');
  return defer(nats, (n) => n.stop()).url;
}

/** The worker's login role: the test command's, or the embedded database's local one. */
function workerUrl(appUrl: string): string {
  if (env.TEST_DATABASE_WORKER_URL) return env.TEST_DATABASE_WORKER_URL;
  const url = new URL(appUrl);
  url.username = 'virtual_care_worker_login';
  return url.toString();
}

/** apps/worker with the outbox relay (the events reach NATS through it) and the presence sweep. */
function startWorker(webEnv: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: path.join(repoRoot, 'apps/worker'),
    env: {
      ...webEnv,
      NODE_ENV: 'production',
      WORKER_JOBS: 'relay,presence',
      WORKER_HEALTH_PORT: '0',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const kill = () => child.kill('SIGKILL');
  process.on('exit', kill);
  return child;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/**
 * One clinician's dashboard: the live waiting room over SSE (each `participant.joined` reported with its session),
 * refetching the list after each burst of signals and every 30 s, as the page does.
 */
function openDashboard(
  baseUrl: string,
  bearer: string,
  agent: Agent,
  onJoined: (sessionId: string) => void,
) {
  const headers = { authorization: `Bearer ${bearer}` };
  let debounce: ReturnType<typeof setTimeout> | undefined;
  const refetch = () =>
    void httpRequest(agent, 'GET', `${baseUrl}/api/trpc/waitingRoom.list`, headers).then((r) => {
      if (r.status !== 200) throw new Error(`waitingRoom.list answered ${r.status}`);
    });
  const poll = setInterval(refetch, DASHBOARD_POLL_MS);
  let ready: () => void = () => undefined;
  let failed: (error: Error) => void = () => undefined;
  const live = new Promise<void>((resolve, reject) => {
    ready = resolve;
    failed = reject;
  });
  // A connection of its own, as a browser tab's stream: never queued behind the agent's requests.
  const stream = { ...headers, accept: 'text/event-stream' };
  const req = request(`${baseUrl}/api/trpc/waitingRoom.changes`, { headers: stream }, (res) => {
    res.setEncoding('utf8');
    let buffer = '';
    res.on('data', (chunk: string) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.startsWith('data:')) continue;
        const type = /"type":"([^"]+)"/.exec(line)?.[1];
        if (type === 'live.ready') ready();
        else if (type === 'live.unavailable') failed(new Error('the live feed is unavailable'));
        const sessionId = /"sessionId":"([^"]+)"/.exec(line)?.[1];
        if (type === 'participant.joined' && sessionId) onJoined(sessionId);
        clearTimeout(debounce);
        debounce = setTimeout(refetch, REFRESH_DEBOUNCE_MS);
      }
    });
  });
  req.on('error', (error) => failed(error));
  req.end();
  return {
    live,
    close: () => {
      clearInterval(poll);
      clearTimeout(debounce);
      req.destroy();
    },
  };
}

/** The waiting patients: each enters, then polls its status every 5 s (a heartbeat each time) until stopped. */
class Patients {
  entered = 0;
  failures = 0;
  pollLatencies: number[] = [];
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private stopped = false;

  constructor(
    private readonly baseUrl: string,
    private readonly agent: Agent,
  ) {}

  async enter(visit: Visit): Promise<void> {
    const body = JSON.stringify({ token: visit.token });
    const answer = await this.post('/join/api/enter', body);
    if (answer.status !== 200) throw new Error(`enter answered ${answer.status}: ${answer.body}`);
    this.entered += 1;
    // As the page: the next poll 5 s after the answer, so a slow answer slows the polling rather than piling up.
    const poll = async () => {
      const t0 = performance.now();
      const polled = await this.post('/join/api/status', body).catch(() => ({ status: 0 }));
      this.pollLatencies.push(performance.now() - t0);
      if (polled.status !== 200) this.failures += 1;
      if (this.stopped) return;
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        void poll();
      }, PATIENT_POLL_MS);
      this.timers.add(timer);
    };
    void poll();
  }

  resetCounts(): void {
    this.failures = 0;
    this.pollLatencies = [];
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
  }

  private post(route: string, body: string) {
    const headers = { 'content-type': 'application/json' };
    return httpRequest(this.agent, 'POST', `${this.baseUrl}${route}`, headers, body);
  }
}

/** Publish -> subscribe round trips on a bare NATS connection, ten a second for `durationMs`, in ms. */
async function measureNatsRoundTrips(servers: string, durationMs: number): Promise<number[]> {
  const nc = await connect({ servers });
  const subject = `bench.rtt.${randomUUID()}`;
  const times: number[] = [];
  let received: (at: number) => void = () => undefined;
  nc.subscribe(subject, { callback: () => received(performance.now()) });
  await nc.flush();
  const until = performance.now() + durationMs;
  while (performance.now() < until) {
    const arrived = new Promise<number>((resolve) => (received = resolve));
    const sentAt = performance.now();
    nc.publish(subject, 'ping');
    times.push((await arrived) - sentAt);
    await sleep(100);
  }
  await nc.close();
  return times;
}

/** The process's CPU time (user + system) and resident memory, from /proc, as `ps` or a cAdvisor would read them. */
function processUsage(pid: number): { cpuMs: number; rssBytes: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  return { cpuMs: (ticks * 1000) / CLOCK_TICKS, rssBytes: rssKb * 1024 };
}

/** USER_HZ: 100 on Linux for every architecture we run on. */
const CLOCK_TICKS = 100;

const sleep = (msToWait: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, msToWait)));
const ms = (value: number) => `${value.toFixed(1)} ms`;
const row = (label: string, text: string) => console.log(`[bench]   ${label.padEnd(22)} ${text}`);
const log = (message: string) => console.log(`[bench] ${message}`);

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
