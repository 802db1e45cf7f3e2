import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandInOptions {
  /** Port on 127.0.0.1; 0 or omitted picks a free one. */
  port?: number;
}

export interface RunningStandIn {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => unknown;

/**
 * Starts a plain-HTTP server on loopback only: stand-ins are for this machine's demo and tests, never a
 * network service.
 */
export async function listenOnLoopback(
  handler: Handler,
  options: StandInOptions = {},
): Promise<RunningStandIn> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    Promise.resolve(handler(req, res, url)).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('stand-in error');
    });
  });
  // As long as a real reverse proxy keeps idle connections (nginx: 75 s): a shorter timeout makes every client
  // reconnect per request (undici drops sockets whose keep-alive is within 1 s of expiring).
  server.keepAliveTimeout = 75_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  contentType = 'application/json',
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': `${contentType}; charset=utf-8`,
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

export async function readBody(req: IncomingMessage, limit = 1_000_000): Promise<string> {
  return (await readBytes(req, limit)).toString('utf8');
}

export async function readBytes(req: IncomingMessage, limit = 1_000_000): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) throw new Error('body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));
