#!/usr/bin/env node
// `pnpm scale [--visits 200] [--concurrency 8] [--no-build]`: the product past one machine, under faults
// (decision 0044). Two web processes behind a local round-robin load balancer, two workers, a three-node NATS
// cluster with the events stream at R3, one PostgreSQL. Drives visits through their whole lifecycle while it kills
// (SIGKILL) and restarts one web process, one worker and one NATS node, then prints what must hold and exits
// non-zero when something does not: every outbox event in the stream once, one Encounter and one billing event per
// ended session, every patient who entered through web process A seen live on a dashboard served by web process B.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { installDependencies, pnpm, root } from './lib/bootstrap.mjs';
import { startNatsCluster } from './lib/nats.mjs';
import { useProjectNode } from './lib/node-runtime.mjs';
import { freePort, waitForPort } from './lib/ports.mjs';
import { startRoundRobinProxy } from './lib/round-robin-proxy.mjs';
import { openDashboard } from './lib/scale-out/dashboard.mjs';
import {
  outboxAgainstStream,
  perSession,
  settle,
  streamReady,
} from './lib/scale-out/invariants.mjs';
import { createVisitClient } from './lib/scale-out/visits.mjs';
import {
  configureDemoVideo,
  localSecrets,
  makeScratchDir,
  migrateAndSeed,
  startDatabase,
} from './lib/stack.mjs';
import { DEMO_JITSI_APP_ID, startFhirStandIn, startJitsiStandIn } from './lib/stand-ins.mjs';
import { createSupervisor } from './lib/supervisor.mjs';

const log = (message) => console.log(`[scale] ${message}`);
await useProjectNode({ announce: log });
const { values: options } = parseArgs({
  options: {
    visits: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '8' },
    'no-build': { type: 'boolean', default: false },
  },
});
const VISITS = Number(options.visits);
const CONCURRENCY = Number(options.concurrency);
const STREAM = 'VIRTUAL_CARE';
const supervisor = createSupervisor(log);
supervisor.stopOnSignals();
const scratch = makeScratchDir('virtual-care-scale-', supervisor);
const crashed = [];
const startedAt = performance.now();
const seconds = (ms) => (ms / 1000).toFixed(1);

async function main() {
  installDependencies(log);
  const database = await startDatabase({
    dataDir: path.join(scratch, 'postgres'),
    persistent: false,
    supervisor,
    log,
  });
  const nats = await startNatsCluster({ storeDir: path.join(scratch, 'nats'), log });
  if (!nats) throw new Error('the scale-out run needs nats-server (see scripts/lib/nats.mjs)');
  supervisor.onStop(() => nats.stop());
  log(`NATS: a cluster of ${nats.nodes.length} nodes: ${nats.servers.join(' ')}`);
  const secrets = localSecrets(scratch);
  const jitsiUrl = await startJitsiStandIn({
    jwtSecret: secrets.DEMO_JITSI_JWT_SECRET,
    supervisor,
    log,
  });
  const fhirUrl = await startFhirStandIn({ supervisor, log });
  migrateAndSeed(database, { seed: true, env: { DEMO_JITSI_URL: jitsiUrl } });
  configureDemoVideo(database, { jitsiUrl, appId: DEMO_JITSI_APP_ID, secrets });

  const proxyPort = await freePort();
  const baseUrl = `http://localhost:${proxyPort}`;
  const env = {
    ...secrets,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    NEXTAUTH_URL: baseUrl,
    PUBLIC_BASE_URL: baseUrl,
    VIDEO_ALLOW_LOOPBACK_HTTP: 'true',
    FHIR_BASE_URL: fhirUrl,
    ATTACHMENT_DIR: path.join(scratch, 'attachments'),
    // Behind the load balancer, which appends the caller's address.
    TRUSTED_PROXY_HOPS: '1',
    // The limits stay on, raised: the whole run is one clinician and one address (decision 0044).
    RATE_LIMIT_PER_CLIENT: '100000',
    RATE_LIMIT_PER_TENANT: '100000',
    RATE_LIMIT_PER_ADDRESS: '100000',
    NATS_STREAM_REPLICAS: '3',
    // An end whose Encounter was lost to a fault is retried within a second, not fifteen.
    ENCOUNTER_RETRY_INTERVAL_MS: '1000',
  };
  if (!options['no-build']) {
    log('Building the web app (next build) ...');
    pnpm(['--filter', '@virtual-care/web', 'build'], {
      env: { ...env, DATABASE_URL: database.webUrl },
    });
  }

  const [webA, webB] = [await freePort(), await freePort()];
  const [n1, n2, n3] = nats.nodes;
  const processes = {
    'web-a': web(webA, { ...env, DATABASE_URL: database.webUrl, NATS_URL: n1.url }),
    'web-b': web(webB, { ...env, DATABASE_URL: database.webUrl, NATS_URL: n2.url }),
    'worker-1': await worker({ ...env, DATABASE_URL: database.workerUrl, NATS_URL: n1.url }),
    'worker-2': await worker({ ...env, DATABASE_URL: database.workerUrl, NATS_URL: n3.url }),
  };
  await Promise.all(Object.keys(processes).map((name) => start(name, processes[name])));
  await streamReady({ natsServers: nats.servers, stream: STREAM, replicas: 3 });
  const proxy = await startRoundRobinProxy({
    upstreams: [
      { name: 'web-a', url: `http://127.0.0.1:${webA}` },
      { name: 'web-b', url: `http://127.0.0.1:${webB}` },
    ],
    port: proxyPort,
  });
  supervisor.onStop(() => proxy.close());
  log(`load balancer ${baseUrl} -> web-a :${webA} (NATS n1), web-b :${webB} (NATS n2)`);

  const token = execFileSync(
    process.execPath,
    [path.join(root, 'scripts/token.mjs'), 'clinician@demo.virtual-care.local', '--ttl', '7200'],
    { encoding: 'utf8', env: { ...process.env, VIRTUAL_CARE_DATA_DIR: scratch } },
  ).trim();
  const dashboards = {
    'web-a': openDashboard({ name: 'web-a', baseUrl: `http://127.0.0.1:${webA}`, token }),
    'web-b': openDashboard({ name: 'web-b', baseUrl: `http://127.0.0.1:${webB}`, token }),
  };
  supervisor.onStop(() => Object.values(dashboards).forEach((dashboard) => dashboard.close()));
  await Promise.all(Object.values(dashboards).map((dashboard) => dashboard.whenLive()));
  const patientIds = await consentingPatients(baseUrl, token);

  // The visits, with the faults at fixed points of the run (by visits done, not by time).
  const client = createVisitClient({ baseUrl, clinicianToken: token, runId: Date.now() });
  const visits = [];
  const failedVisits = [];
  const faults = [];
  const faultPlan = [
    {
      at: 0.2,
      what: 'web-a',
      kill: () => kill('web-a'),
      back: () => start('web-a', processes['web-a']),
      downMs: 3000,
    },
    {
      at: 0.45,
      what: 'worker-1',
      kill: () => kill('worker-1'),
      back: () => start('worker-1', processes['worker-1']),
      downMs: 3000,
    },
    { at: 0.7, what: 'nats n1', kill: () => n1.kill(), back: () => n1.restart(), downMs: 5000 },
  ];
  const faultRuns = [];
  let next = 0;
  let done = 0;
  const runStartedAt = performance.now();
  log(`Driving ${VISITS} visits, ${CONCURRENCY} at a time ...`);
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < VISITS) {
        const index = next++;
        try {
          visits.push(await client.runVisit(index, patientIds[index % patientIds.length]));
        } catch (error) {
          failedVisits.push(error.message);
        }
        done += 1;
        while (faultPlan.length > 0 && done >= faultPlan[0].at * VISITS) {
          const fault = faultPlan.shift();
          faultRuns.push(inject(fault, faults));
        }
      }
    }),
  );
  await Promise.all(faultRuns);
  const runMs = performance.now() - runStartedAt;

  log('Waiting for the outbox to drain and every ended session to have its Encounter ...');
  const sessionIds = visits.map((visit) => visit.sessionId);
  const settleStartedAt = performance.now();
  const pending = await settle({ databaseUrl: database.migrationUrl, sessionIds });
  log(`... settled in ${seconds(performance.now() - settleStartedAt)} s`);
  const events = await outboxAgainstStream({
    databaseUrl: database.migrationUrl,
    natsServers: nats.servers,
    stream: STREAM,
  });
  const sessions = await perSession({ databaseUrl: database.migrationUrl, fhirUrl, sessionIds });
  const live = liveFigures(visits, dashboards, faults);

  const ended = sessions.filter((s) => s.status === 'ended').length;
  const oneEncounter = sessions.filter((s) => s.encounters === 1).length;
  const oneBilling = sessions.filter((s) => s.billing === 1).length;
  const checks = [
    ['visits completed', `${visits.length} / ${VISITS}`, visits.length === VISITS],
    ['sessions ended', `${ended} / ${visits.length}`, ended === visits.length],
    [
      'events: outbox vs stream',
      `${events.outbox} vs ${events.stream} (R${events.replicas}; missing ${events.missing}, extra ${events.extra}, duplicate ids ${events.duplicates})`,
      events.outbox === events.stream &&
        events.missing + events.extra + events.duplicates === 0 &&
        events.replicas === 3 &&
        pending.unpublished === 0,
    ],
    [
      'Encounters per ended session',
      `exactly 1: ${oneEncounter} / ${ended}${worst(sessions, 'encounters')}`,
      oneEncounter === visits.length,
    ],
    [
      'billing events per session',
      `exactly 1: ${oneBilling} / ${ended}${worst(sessions, 'billing')}`,
      oneBilling === visits.length,
    ],
    [
      'entered via web-a, live on web-b',
      `${live.crossDelivered} / ${live.crossExpected} (${live.crossInGap} entered while web-b's feed was down: the page polls)`,
      live.crossDelivered === live.crossExpected && live.crossExpected > 0,
    ],
    ['enter -> dashboard, other process', latency(live.cross), true],
    ['enter -> dashboard, same process', latency(live.same), true],
    [
      'processes that crashed unasked',
      crashed.length === 0 ? 'none' : crashed.join('; '),
      crashed.length === 0,
    ],
  ];
  printReport({ checks, client, failedVisits, faults, proxy, runMs });
  return checks.every(([, , ok]) => ok);
}

/** A web process on the built app: `next start`, as the start command runs it. */
function web(port, env) {
  return {
    command: 'pnpm',
    args: ['--filter', '@virtual-care/web', 'start', '--port', String(port)],
    env,
    port,
  };
}

async function worker(env) {
  const port = await freePort();
  return {
    command: 'pnpm',
    args: ['--filter', '@virtual-care/worker', 'start'],
    env: { ...env, WORKER_HEALTH_PORT: String(port) },
    port,
  };
}

const running = new Map();

async function start(name, { command, args, env, port }) {
  const child = supervisor.run(name, command, args, {
    cwd: root,
    env,
    onExit: (code, signal) => {
      if (!child.killedOnPurpose) crashed.push(`${name} (${signal ?? code})`);
    },
  });
  running.set(name, child);
  await waitForPort(port, 60_000);
}

/** kill -9 of the process and everything it started (pnpm -> next / tsx). */
function kill(name) {
  const child = running.get(name);
  child.killedOnPurpose = true;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid, 'SIGKILL');
  return exited;
}

async function inject(fault, faults) {
  const t0 = performance.now();
  await fault.kill();
  log(`fault: killed ${fault.what} (SIGKILL) at ${seconds(t0 - startedAt)} s`);
  await new Promise((resolve) => setTimeout(resolve, fault.downMs));
  await fault.back();
  const t1 = performance.now();
  log(`fault: ${fault.what} back after ${seconds(t1 - t0)} s`);
  faults.push({ what: fault.what, from: t0, to: t1 });
}

/** The seeded patients with telehealth consent on file (the demo tenant's Mariam Ahmadi and Farid Karimi). */
async function consentingPatients(baseUrl, token) {
  const response = await fetch(`${baseUrl}/api/v1/virtual-care/patients`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const { items } = await response.json();
  const ids = items
    .filter((p) => ['Mariam Ahmadi', 'Farid Karimi'].includes(p.displayName))
    .map((p) => p.id);
  if (ids.length === 0) throw new Error('the demo seed has no patient with telehealth consent');
  return ids;
}

/** After a fault ends, what it held up is still catching up for a while (the relay's backlog, reconnects). */
const CATCH_UP_MS = 5000;

/**
 * participant.joined on the dashboards: delivered across processes, and the latency on the same process and the
 * other, apart for patients who entered while no fault was under way or catching up, and the others.
 */
function liveFigures(visits, dashboards, faults) {
  const duringFault = (time) =>
    faults.some(({ from, to }) => time >= from && time < to + CATCH_UP_MS);
  const same = { calm: [], faults: [] };
  const cross = { calm: [], faults: [] };
  let crossExpected = 0;
  let crossDelivered = 0;
  let crossInGap = 0;
  for (const visit of visits) {
    for (const dashboard of Object.values(dashboards)) {
      const isSame = dashboard.name === visit.enteredThrough;
      const crossAtoB = visit.enteredThrough === 'web-a' && dashboard.name === 'web-b';
      if (!dashboard.wasLiveAt(visit.enteredAt)) {
        if (crossAtoB) crossInGap += 1;
        continue;
      }
      const seenAt = dashboard.joinedAt.get(visit.sessionId);
      if (crossAtoB) {
        crossExpected += 1;
        if (seenAt !== undefined) crossDelivered += 1;
      }
      const figures = isSame ? same : cross;
      if (seenAt !== undefined)
        figures[duringFault(visit.enteredAt) ? 'faults' : 'calm'].push(seenAt - visit.enteredAt);
    }
  }
  return {
    same: { calm: percentiles(same.calm), faults: percentiles(same.faults) },
    cross: { calm: percentiles(cross.calm), faults: percentiles(cross.faults) },
    crossExpected,
    crossDelivered,
    crossInGap,
  };
}

function percentiles(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) =>
    sorted.length
      ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))])
      : '-';
  return { n: sorted.length, p50: at(0.5), p99: at(0.99) };
}

function latency({ calm, faults }) {
  return `p50 / p99: ${calm.p50} / ${calm.p99} ms (n=${calm.n}); during faults ${faults.p50} / ${faults.p99} ms (n=${faults.n})`;
}

function worst(sessions, field) {
  const off = sessions.filter((s) => s[field] !== 1);
  return off.length ? ` (e.g. ${off[0].id}: ${off[0][field]})` : '';
}

function printReport({ checks, client, failedVisits, faults, proxy, runMs }) {
  const width = Math.max(...checks.map(([name]) => name.length));
  console.log(
    `\n  Scale-out run: ${VISITS} visits, ${CONCURRENCY} at a time, in ${seconds(runMs)} s (whole run ${seconds(performance.now() - startedAt)} s)`,
  );
  const downs = [...faults]
    .sort((a, b) => a.from - b.from)
    .map(
      ({ what, from, to }) =>
        `${what} at ${seconds(from - startedAt)} s, down ${seconds(to - from)} s`,
    );
  console.log(`  Faults (SIGKILL, then restarted): ${downs.join('; ')}\n`);
  for (const [name, value, ok] of checks)
    console.log(`  ${ok ? 'ok  ' : 'FAIL'}  ${name.padEnd(width)}  ${value}`);
  console.log(
    `\n  Requests that failed, by reason (each retried by the client; load balancer: ${proxy.stats.rerouted} refused connections sent on to the other process, ${proxy.stats.failed} answered 502, ${proxy.stats.cut} answers cut off):`,
  );
  if (client.failures.size === 0) console.log('    none');
  for (const [reason, n] of [...client.failures].sort((a, b) => b[1] - a[1]))
    console.log(`    ${String(n).padStart(5)}  ${reason}`);
  for (const message of failedVisits) console.log(`  visit failed: ${message}`);
  console.log('');
}

main()
  .then(async (ok) => {
    await supervisor.stopAll();
    process.exit(ok ? 0 : 1);
  })
  .catch(async (error) => {
    console.error(`[scale] FAILED: ${error.stack ?? error}`);
    await supervisor.stopAll();
    process.exit(1);
  });
