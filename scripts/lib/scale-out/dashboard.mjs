// A clinician's dashboard live feed held open against one web process directly (not through the load balancer):
// the tRPC subscription `waitingRoom.changes` over SSE, as the page's httpSubscriptionLink reads it. Records when
// each session's `participant.joined` arrived, and the spans the feed was not live (the page polls then), reopening
// it as the page does.
export function openDashboard({ name, baseUrl, token }) {
  const joinedAt = new Map();
  const gaps = []; // [from, to) in performance.now() ms; `to` is Infinity while the feed is down
  let stopped = false;
  let controller = null;
  let live = false;

  const down = () => {
    if (live) gaps.push([performance.now(), Infinity]);
    live = false;
  };

  async function follow() {
    controller = new AbortController();
    const response = await fetch(`${baseUrl}/api/trpc/waitingRoom.changes`, {
      headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
      signal: controller.signal,
    });
    if (!response.ok) throw new Error(`dashboard ${name}: ${response.status}`);
    let buffered = '';
    for await (const chunk of response.body.pipeThrough(new TextDecoderStream())) {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop();
      for (const line of lines) {
        if (!line.startsWith('data:')) continue;
        if (line.includes('live.ready')) {
          const gap = gaps.at(-1);
          if (gap && gap[1] === Infinity) gap[1] = performance.now();
          live = true;
        } else if (line.includes('live.unavailable')) down();
        const joined = /"participant\.joined","sessionId":"([^"]+)"/.exec(line);
        if (joined && !joinedAt.has(joined[1])) joinedAt.set(joined[1], performance.now());
      }
    }
  }

  gaps.push([performance.now(), Infinity]); // not live until the first `live.ready`
  void (async () => {
    while (!stopped) {
      await follow().catch(() => undefined);
      down();
      if (!stopped) await new Promise((resolve) => setTimeout(resolve, 500));
    }
  })();

  return {
    name,
    joinedAt,
    /** Whether the feed was live at `time` (performance.now() ms). */
    wasLiveAt: (time) => !gaps.some(([from, to]) => time >= from && time < to),
    /** Resolves once the feed is live. */
    async whenLive(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (!live) {
        if (Date.now() > deadline) throw new Error(`dashboard ${name} not live in ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    close() {
      stopped = true;
      controller?.abort();
    },
  };
}
