// A small local load balancer for the scale-out run (scripts/scale-out.mjs): round robin over the web processes,
// `X-Forwarded-For` appended as a real proxy does (the web processes run with TRUSTED_PROXY_HOPS=1), responses
// streamed (the live feeds are tRPC subscriptions over SSE). A process that refuses the connection (down) is
// skipped for the next one, as nginx's `proxy_next_upstream error` does; a request lost after it was sent is
// answered 502, and the client decides whether to retry. `X-Served-By` names the process that answered.
import http from 'node:http';

export function startRoundRobinProxy({ upstreams, port = 0 }) {
  let next = 0;
  const stats = { rerouted: 0, failed: 0, cut: 0 };
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer(async (request, response) => {
    const chunks = [];
    for await (const chunk of request) chunks.push(chunk); // buffered, so a refused connection can be retried
    const body = Buffer.concat(chunks);
    const forwardedFor = [request.headers['x-forwarded-for'], request.socket.remoteAddress]
      .filter(Boolean)
      .join(', ');
    const first = next++ % upstreams.length;
    const attempt = (tries) => {
      const upstream = upstreams[(first + tries) % upstreams.length];
      const outgoing = http.request(upstream.url + request.url, {
        method: request.method,
        headers: { ...request.headers, 'x-forwarded-for': forwardedFor },
        agent,
      });
      outgoing.on('response', (answer) => {
        response.writeHead(answer.statusCode, { ...answer.headers, 'x-served-by': upstream.name });
        answer.pipe(response);
        // The process died in the middle of its answer: the client's connection is cut too, not left waiting.
        answer.on('close', () => {
          if (answer.complete) return;
          stats.cut += 1;
          response.destroy();
        });
      });
      outgoing.on('error', (error) => {
        if (error.code === 'ECONNREFUSED' && tries + 1 < upstreams.length) {
          stats.rerouted += 1;
          return attempt(tries + 1);
        }
        stats.failed += 1;
        if (response.headersSent) return response.destroy();
        response.writeHead(502, {
          'content-type': 'application/json',
          'x-served-by': upstream.name,
        });
        response.end(JSON.stringify({ code: 'BAD_GATEWAY', message: error.code ?? error.message }));
      });
      response.on('close', () => outgoing.destroy()); // the client went away: so does the upstream request
      outgoing.end(body);
    };
    attempt(0);
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () =>
      resolve({
        url: `http://localhost:${server.address().port}`,
        stats,
        close: () =>
          new Promise((done) => {
            agent.destroy();
            server.closeAllConnections();
            server.close(() => done());
          }),
      }),
    );
  });
}
