import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import { requestIdFrom } from '../edge/request-id';
import type { HttpMetrics } from '../metrics/http-metrics';
import { isMetricsServer } from '../metrics/metrics-server';

/** What Node publishes on `http.server.request.start` for every request of every HTTP server of the process. */
interface RequestStart {
  request: IncomingMessage;
  response: ServerResponse;
  socket: Socket;
  server: Server;
}

export interface AccessLogOptions {
  log: Logger;
  http: HttpMetrics;
  /** The route template of a path (createRouteTemplates): the only form of the URL that is logged or labelled. */
  routeOf: (path: string) => string;
  /** Other servers of the process that are not the app's (a metrics server always is not): left alone. */
  ignore?: (server: Server) => boolean;
}

const REQUEST_START = 'http.server.request.start';

/**
 * Every request the process's HTTP server answers, pages and Next's own files included, seen once from Node's own
 * channel (`next start` offers no hook around all of them): it gets its id before any handler runs, in the request's
 * `x-request-id` (which REST, tRPC and the join routes read) and on the response; when the response closes, one
 * access-log line (method, route template, status, duration, bytes, the id; never the path or its query, which can
 * carry a join token) and the RED metrics. Returns the function that stops it.
 */
export function startAccessLog(options: AccessLogOptions): () => void {
  const { log, http, routeOf, ignore } = options;
  const onStart = (message: unknown) => {
    const { request, response, socket, server } = message as RequestStart;
    if (isMetricsServer(server) || ignore?.(server)) return;
    const requestId = requestIdFrom(headerValue(request.headers['x-request-id']));
    request.headers['x-request-id'] = requestId;
    response.setHeader('x-request-id', requestId);
    const started = performance.now();
    const bytesBefore = socket.bytesWritten;
    // 'close' comes once for every response, finished or cut short by the client ('finish' only for the former).
    response.once('close', () => {
      const seconds = (performance.now() - started) / 1000;
      const method = request.method ?? 'GET';
      const route = routeOf(request.url ?? '/');
      const aborted = !response.writableFinished;
      const statusClass = aborted ? 'aborted' : `${Math.floor(response.statusCode / 100)}xx`;
      http.requests.inc({ method, route, status_class: statusClass });
      http.durationSeconds.observe({ method, route }, seconds);
      log.info(
        {
          requestId,
          method,
          route,
          status: response.statusCode,
          durationMs: Math.round(seconds * 10_000) / 10,
          bytesSent: socket.bytesWritten - bytesBefore,
          ...(aborted ? { aborted } : {}),
        },
        'http_request',
      );
    });
  };
  subscribe(REQUEST_START, onStart);
  return () => void unsubscribe(REQUEST_START, onStart);
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
