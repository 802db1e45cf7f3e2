import { Worker } from 'node:worker_threads';

/** One span as OTLP/HTTP JSON carries it, with its service's name. */
export interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  attributes: Record<string, unknown>;
  events: { name: string; attributes: Record<string, unknown> }[];
  status?: { code?: number; message?: string };
}

export interface OtlpReceiver {
  /** The value of OTEL_EXPORTER_OTLP_ENDPOINT (the exporter adds /v1/traces). */
  url: string;
  /** Every span received so far. */
  spans(): ReceivedSpan[];
  /** How many export requests arrived. */
  requests(): number;
  stop(): Promise<void>;
}

// The receiver runs in a thread of its own: instrumentation patches http in the thread that starts telemetry
// only, so the receiver's requests are not traced themselves (each export would otherwise trace the next).
const RECEIVER = `
const http = require('node:http');
const { parentPort } = require('node:worker_threads');
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const ok = req.method === 'POST' && req.url === '/v1/traces' &&
      String(req.headers['content-type']).startsWith('application/json');
    if (ok) parentPort.postMessage({ body: Buffer.concat(chunks).toString('utf8') });
    res.writeHead(ok ? 200 : 415, { 'content-type': 'application/json' });
    res.end('{}');
  });
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
`;

type AnyValue = {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number | string;
  doubleValue?: number;
  arrayValue?: { values?: AnyValue[] };
};
type KeyValue = { key: string; value: AnyValue };
interface ExportRequest {
  resourceSpans?: {
    resource?: { attributes?: KeyValue[] };
    scopeSpans?: {
      spans?: (Omit<ReceivedSpan, 'service' | 'attributes' | 'events'> & {
        attributes?: KeyValue[];
        events?: { name: string; attributes?: KeyValue[] }[];
      })[];
    }[];
  }[];
}

const valueOf = (v: AnyValue): unknown =>
  v.stringValue ??
  v.boolValue ??
  (v.intValue !== undefined ? Number(v.intValue) : undefined) ??
  v.doubleValue ??
  v.arrayValue?.values?.map(valueOf);

const attributesOf = (list: KeyValue[] = []) =>
  Object.fromEntries(list.map((kv) => [kv.key, valueOf(kv.value)]));

/** An OTLP/HTTP JSON trace receiver on 127.0.0.1, decoding what it receives into spans. */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const worker = new Worker(RECEIVER, { eval: true });
  const received: ReceivedSpan[] = [];
  let requests = 0;
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('error', reject);
    worker.on('message', (message: { port?: number; body?: string }) => {
      if (message.port) return resolve(message.port);
      requests++;
      const request = JSON.parse(message.body!) as ExportRequest;
      for (const resource of request.resourceSpans ?? []) {
        const service = String(attributesOf(resource.resource?.attributes)['service.name']);
        for (const scope of resource.scopeSpans ?? [])
          for (const span of scope.spans ?? [])
            received.push({
              ...span,
              service,
              attributes: attributesOf(span.attributes),
              events: (span.events ?? []).map((e) => ({
                name: e.name,
                attributes: attributesOf(e.attributes),
              })),
            });
      }
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    spans: () => [...received],
    requests: () => requests,
    stop: async () => void (await worker.terminate()),
  };
}
