import {
  createServer,
  request,
  type Agent,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type Server,
} from 'node:http';

/** Hosts a fetch-style handler on a real node:http server (as Next's route handler would be hosted). */
export async function hostFetchHandler(
  handler: (request: Request) => Promise<Response>,
): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    void (async () => {
      // A GET or HEAD carries no body: dispatch at once, as Next does (Node drains the request at the response's end).
      const body = req.method === 'GET' || req.method === 'HEAD' ? null : await readAll(req);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers))
        if (typeof value === 'string') headers.set(name, value);
      // A live subscription (asked for as an event stream, as EventSource does) ends when its client goes away, as
      // in Next. Other requests carry no signal: undici's Request pays for one, and the other figures compare the
      // product's path, not this host's, against their baselines.
      let signal: AbortSignal | undefined;
      if (req.headers.accept === 'text/event-stream') {
        const gone = new AbortController();
        res.once('close', () => gone.abort());
        signal = gone.signal;
      }
      const request = new Request(`http://127.0.0.1${req.url ?? '/'}`, {
        method: req.method ?? 'GET',
        headers,
        ...(signal ? { signal } : {}),
        ...(body && body.length > 0 ? { body: new Uint8Array(body) } : {}),
      });
      const response = await handler(request);
      res.writeHead(response.status, Object.fromEntries(response.headers));
      if (response.headers.get('content-type') === 'text/event-stream' && response.body) {
        // A live stream (SSE) goes out as it is written, and ends when the client goes away.
        const reader = response.body.getReader();
        for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read())
          res.write(chunk.value);
        res.end();
        return;
      }
      res.end(Buffer.from(await response.arrayBuffer()));
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.keepAliveTimeout = 10_000;
  return { url: await listen(server), server };
}

/** Listens on an ephemeral loopback port; the server's base URL. */
export async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return `http://127.0.0.1:${address.port}`;
}

/** Stops accepting and drops the clients' idle keep-alive sockets, which would otherwise hold `close` open. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * The load generator's client: plain node:http on a keep-alive agent, far lighter than `fetch` (undici), so the
 * client's own cost stays small next to the server's, as with autocannon or k6.
 */
export function httpRequest(
  agent: Agent,
  method: string,
  url: string,
  headers: OutgoingHttpHeaders = {},
  body?: string | Uint8Array,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Runs `op` from `clients` concurrent loops for `seconds`; ops/s and latency percentiles. */
export async function measure(
  clients: number,
  seconds: number,
  op: () => Promise<unknown>,
): Promise<Summary> {
  const latencies: number[] = [];
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < until) {
        const t0 = performance.now();
        await op();
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return summarize(latencies, (performance.now() - started) / 1000);
}

/** One pass over `items` from `clients` concurrent loops (client k takes the next item); latencies and wall time. */
export async function measureEach<T>(
  clients: number,
  items: readonly T[],
  op: (item: T, client: number) => Promise<unknown>,
): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let i = next++; i < items.length; i = next++) {
        const t0 = performance.now();
        await op(items[i]!, client);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { latencies, seconds: (performance.now() - started) / 1000 };
}

export interface Summary {
  perSecond: number;
  p50: number;
  p99: number;
  count: number;
}

/** Ops/s over `seconds` and the latency percentiles (ms) of `latencies` (sorted in place). */
export function summarize(latencies: number[], seconds: number): Summary {
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    perSecond: latencies.length / seconds,
    p50: at(0.5),
    p99: at(0.99),
    count: latencies.length,
  };
}
