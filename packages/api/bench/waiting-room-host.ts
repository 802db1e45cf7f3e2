/**
 * The web process of the waiting-room benchmark (bench/server-process.ts `waiting-room` mode): what a web instance
 * serves to waiting patients and open dashboards, composed as apps/web composes it, behind node:http:
 *   POST /join/api/enter    the patient enters (as the join page's route: the address counted, then enterJoin);
 *   POST /join/api/status   the page's poll: a heartbeat, then the status (as apps/web/src/app/join/api/status);
 *   /api/trpc/*             the tRPC face with bearer sign-in and the process's live events (one NATS connection),
 *                           i.e. `waitingRoom.changes` (SSE) and `waitingRoom.list`;
 *   /api/v1/virtual-care/*  the REST API (the benchmark creates its sessions through it).
 * It counts the SQL statements each heartbeat, status read and enter sends (pg's client queries, BEGIN and COMMIT
 * included), read by the parent as the profile.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';
import type { ProfileEntry } from './spawn-server';

interface Counts {
  /** Statements that read or write data. */
  queries: number;
  /** Transaction control and settings: BEGIN, COMMIT, ROLLBACK, set_config. */
  control: number;
  /** Waits for the database: a statement sent while none of its connection's was pending starts one. */
  roundTrips: number;
}

type Totals = Counts & { calls: number };

const CONTROL = /^\s*(BEGIN|COMMIT|ROLLBACK|SELECT set_config\()/i;

/**
 * Counts what pg sends while `count` runs (its async context). The db package keeps `pg` to itself, so this reaches
 * the same module through the db package's own resolution; it only counts, and only in this process.
 */
function statementCounter() {
  const store = new AsyncLocalStorage<Counts>();
  const pg = createRequire(import.meta.resolve('@virtual-care/db'))('pg') as {
    Client: { prototype: { query: (...args: unknown[]) => unknown } };
  };
  const query = pg.Client.prototype.query;
  const pending = new WeakMap<object, number>();
  pg.Client.prototype.query = function counted(this: object, ...args: unknown[]) {
    const current = store.getStore();
    if (!current) return query.apply(this, args);
    const [config] = args;
    const text = typeof config === 'string' ? config : (config as { text?: string }).text;
    if (CONTROL.test(text ?? '')) current.control += 1;
    else current.queries += 1;
    const inFlight = pending.get(this) ?? 0;
    if (inFlight === 0) current.roundTrips += 1;
    pending.set(this, inFlight + 1);
    const answer = query.apply(this, args);
    const settled = () => pending.set(this, (pending.get(this) ?? 1) - 1);
    if (answer instanceof Promise) answer.then(settled, settled);
    else settled();
    return answer;
  };
  const totals = new Map<string, Totals>();
  return {
    async count<T>(name: string, work: () => Promise<T>): Promise<T> {
      const current: Counts = { queries: 0, control: 0, roundTrips: 0 };
      try {
        return await store.run(current, work);
      } finally {
        const total = totals.get(name) ?? { calls: 0, queries: 0, control: 0, roundTrips: 0 };
        total.calls += 1;
        total.queries += current.queries;
        total.control += current.control;
        total.roundTrips += current.roundTrips;
        totals.set(name, total);
      }
    },
    reset: () => totals.clear(),
    snapshot: (): ProfileEntry[] =>
      [...totals.entries()].flatMap(([name, total]) => {
        const per = (n: number) => n / Math.max(1, total.calls);
        return [
          [`${name}: calls`, total.calls] as const,
          [`${name}: queries`, per(total.queries)] as const,
          [`${name}: transaction control`, per(total.control)] as const,
          [`${name}: round trips`, per(total.roundTrips)] as const,
        ];
      }),
  };
}

export async function hostWaitingRoom(env: NodeJS.ProcessEnv) {
  const counter = statementCounter();
  const api = await import('../src');
  const { hostFetchHandler, closeServer } = await import('./http-host');
  const config = api.loadApiConfig(env);
  const services = api.createServices(config);
  if (!config.natsUrl) throw new Error('the waiting-room bench needs NATS_URL');
  const liveEvents = api.createNatsLiveEvents({
    servers: config.natsUrl,
    subjectPrefix: config.natsSubjectPrefix,
  });
  const bearer = api.createBearerAuthenticator(config.bearer);
  const authenticate = (request: Request) => bearer(request.headers.get('authorization'));
  const trpc = api.createTrpcHandler({ services, authenticate, liveEvents: () => liveEvents });
  const rest = api.createRestHandler({ services, authenticate });
  const limits = services.rateLimits;

  /** As apps/web's limitedJoinCall: the address counted, and the token when it is refused as not ours. */
  const joinCall = async <T>(request: Request, call: (token: string) => Promise<T>) => {
    const { token } = (await request.json()) as { token: string };
    const address = api.clientAddressOf(request.headers, limits.trustedProxyHops);
    await limits.request(address);
    return api.countingRefusedJoinTokens(limits, address, () => call(token));
  };
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    });

  const { url, server } = await hostFetchHandler(async (request) => {
    const { pathname } = new URL(request.url);
    try {
      if (pathname === '/join/api/enter')
        return json(
          await joinCall(request, (token) =>
            counter.count('enter', () => api.enterJoin(services, { token })),
          ),
        );
      if (pathname === '/join/api/status')
        return json(
          await joinCall(request, async (token) => {
            await counter
              .count('heartbeat', () => api.joinHeartbeat(services, token))
              .catch(() => undefined);
            const status = await counter.count('status read', () =>
              api.joinStatus(services, token),
            );
            return { sessionStatus: status.sessionStatus, queue: status.queue };
          }),
        );
      if (pathname.startsWith('/api/trpc/')) return await trpc(request);
      return await rest(request);
    } catch (error) {
      const rendered = api.renderError(error);
      return json(rendered.body, rendered.httpStatus);
    }
  });

  let cpuAtReset = process.cpuUsage();
  return {
    url,
    timings: {
      reset: () => {
        counter.reset();
        cpuAtReset = process.cpuUsage();
      },
      snapshot: (): ProfileEntry[] => {
        const cpu = process.cpuUsage(cpuAtReset);
        return [['web process CPU ms', (cpu.user + cpu.system) / 1000], ...counter.snapshot()];
      },
    },
    close: async () => {
      await closeServer(server);
      await liveEvents.close();
      await services.close();
    },
  };
}
