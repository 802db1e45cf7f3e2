import {
  listenOnLoopback,
  sendJson,
  sleep,
  type RunningStandIn,
  type StandInOptions,
} from './http-server';

export type ConsentKind = 'telehealth' | 'recording' | 'ai_processing';

export interface AccessPolicyStandIn extends RunningStandIn {
  grant(tenantId: string, patientId: string, type: ConsentKind): void;
  revoke(tenantId: string, patientId: string, type: ConsentKind): void;
  /** true: every request answers 503 (the "consent service unreachable" case). */
  setDown(down: boolean): void;
  /** Delay before answering, to exercise the caller's timeout. */
  setDelay(ms: number): void;
  /** How many check requests were served. */
  requestCount(): number;
}

/**
 * Local stand-in for the platform's access-policy service, speaking the consent API the
 * consent-check adapter documents:
 *
 *     GET /consents/check?tenantId=&patientId=&type=  ->  200 { "granted": boolean }
 *
 * Missing parameters answer 400; unknown paths 404.
 */
export async function startAccessPolicyStandIn(
  options: StandInOptions = {},
): Promise<AccessPolicyStandIn> {
  const decisions = new Map<string, boolean>();
  const key = (tenantId: string, patientId: string, type: string): string =>
    `${tenantId}\u0000${patientId}\u0000${type}`;
  let down = false;
  let delayMs = 0;
  let requests = 0;

  const server = await listenOnLoopback(async (req, res, url) => {
    if (req.method !== 'GET' || url.pathname !== '/consents/check')
      return sendJson(res, 404, { error: 'not_found' });
    requests += 1;
    if (delayMs > 0) await sleep(delayMs);
    if (down) return sendJson(res, 503, { error: 'unavailable' });
    const tenantId = url.searchParams.get('tenantId');
    const patientId = url.searchParams.get('patientId');
    const type = url.searchParams.get('type');
    if (!tenantId || !patientId || !type)
      return sendJson(res, 400, { error: 'tenantId, patientId and type are required' });
    sendJson(res, 200, { granted: decisions.get(key(tenantId, patientId, type)) === true });
  }, options);

  return {
    ...server,
    grant: (tenantId, patientId, type) => void decisions.set(key(tenantId, patientId, type), true),
    revoke: (tenantId, patientId, type) =>
      void decisions.set(key(tenantId, patientId, type), false),
    setDown: (value) => void (down = value),
    setDelay: (ms) => void (delayMs = ms),
    requestCount: () => requests,
  };
}
