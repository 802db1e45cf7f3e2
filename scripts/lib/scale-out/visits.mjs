// One visit's whole lifecycle as a clinic and its patient drive it through the load balancer (REST with the
// clinician's bearer token, the patient's join cookie routes): create, open the join link, enter, provider join,
// admit, end. A request that fails is retried as a real client would and counted by its reason: create with its
// Idempotency-Key, and a refusal that follows a lost answer (the process died with the request) means the lost
// request went through.
const API = '/api/v1/virtual-care';
const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
// A concurrent change of the session (re-read and send again); an Idempotency-Key still held by another request.
const RETRYABLE_CODE = new Set(['OPTIMISTIC_LOCK_CONFLICT', 'CONFLICT']);
const MAX_ATTEMPTS = 40;
// Longer than the server's own wait for an Idempotency-Key in use (30 s); a load balancer's read timeout.
const REQUEST_TIMEOUT_MS = 45_000;

/** Drives visits against `baseUrl`; `failures` counts every failed request as `<step>: <reason>`. */
export function createVisitClient({ baseUrl, clinicianToken, runId }) {
  const failures = new Map();
  const count = (step, reason) => {
    const key = `${step}: ${reason}`;
    failures.set(key, (failures.get(key) ?? 0) + 1);
  };

  /**
   * Sends until an answer other than a retryable failure. `accepted` says which answers end the step; `init` is
   * read again for each attempt, after `onRefused(code)` (which may change it, e.g. the Idempotency-Key).
   */
  async function send(step, path, init, { accepted = (r) => r.status < 300, onRefused } = {}) {
    let answerLost = false;
    const startedAt = performance.now(); // the first attempt: what a lost answer may already have done began then
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      let response;
      let body;
      try {
        response = await fetch(baseUrl + path, {
          redirect: 'manual',
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
          ...init(),
        });
        body = await response.text(); // a process that dies mid-answer cuts it here
      } catch (error) {
        count(
          step,
          error.name === 'TimeoutError'
            ? 'no answer in 45 s'
            : `socket ${error.cause?.code ?? error.message}`,
        );
        answerLost = true;
        await pause(attempt);
        continue;
      }
      if (accepted(response)) return { response, body: parse(body), startedAt };
      // The join link answers its problems as a redirect to the page that explains them.
      const problem = /problem=(\w+)/.exec(response.headers.get('location') ?? '')?.[1];
      const code = problem ?? parse(body)?.code ?? '';
      count(step, `${response.status} ${code}`.trim());
      onRefused?.(code);
      if (
        RETRYABLE_STATUS.has(response.status) ||
        RETRYABLE_CODE.has(code) ||
        problem === 'unavailable'
      ) {
        answerLost ||= response.status === 502;
        await pause(attempt, Number(response.headers.get('retry-after') ?? 0) * 1000);
        continue;
      }
      if (answerLost) return { response, body: null, startedAt };
      throw new Error(`${step}: ${response.status} ${code}`);
    }
    throw new Error(`${step}: no answer after ${MAX_ATTEMPTS} attempts`);
  }

  const clinician =
    (method, body, headers = {}) =>
    () => ({
      method,
      headers: {
        authorization: `Bearer ${clinicianToken}`,
        'content-type': 'application/json',
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  /** One visit, number `index`, for the patient; resolves to what the run's report needs of it. */
  async function runVisit(index, patientId) {
    // A key claimed by a process killed mid-request stays pending (409 CONFLICT after the server's wait): the
    // client gives that key up and creates with a new one, as an integration would.
    let key = `scale-${runId}-${index}`;
    const request = { patientId, scheduledStart: new Date(Date.now() + 60_000).toISOString() };
    const created = await send(
      'create',
      `${API}/sessions`,
      () => clinician('POST', request, { 'idempotency-key': key })(),
      { onRefused: (code) => (key = code === 'CONFLICT' ? `${key}-again` : key) },
    );
    if (!created.body?.id) throw new Error(`create: ${created.response.status} without a session`);
    const sessionId = created.body.id;
    const joinToken = new URL(created.body.patientJoinUrl).searchParams.get('token');
    let cookie;
    await send(
      'join link',
      `/join/api/link?token=${encodeURIComponent(joinToken)}`,
      () => ({ method: 'GET' }),
      {
        accepted: (response) => {
          cookie = response.headers
            .getSetCookie()
            .map((c) => c.split(';')[0])
            .find((c) => /^vc_join=./.test(c));
          return response.status === 303 && cookie !== undefined;
        },
      },
    );
    const entered = await send('enter', '/join/api/enter', () => ({
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: '{}',
    }));
    await send(
      'provider join',
      `${API}/sessions/${sessionId}/provider-join`,
      clinician('POST', {}),
    );
    const detail = await send('detail', `${API}/sessions/${sessionId}`, clinician('GET'));
    const patient = detail.body.participants.find((p) => p.role === 'patient');
    await send('admit', `${API}/sessions/${sessionId}/admit/${patient.id}`, clinician('POST', {}));
    await send('end', `${API}/sessions/${sessionId}/end`, clinician('POST', {}));
    return {
      sessionId,
      enteredAt: entered.startedAt,
      enteredThrough: entered.response.headers.get('x-served-by'),
    };
  }

  return { runVisit, failures };
}

function parse(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Backs off 100 ms, 200 ms, ... up to 2 s, or as long as the server asked. */
function pause(attempt, asked = 0) {
  return new Promise((resolve) =>
    setTimeout(resolve, Math.max(asked, Math.min(100 * attempt, 2000))),
  );
}
