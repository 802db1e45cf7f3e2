import {
  closedSessionOf,
  jsonResponse,
  join,
  limitedJoinCall,
  missingTokenResponse,
  refusalResponse,
  requestIdOf,
  tokenFromRequest,
  tooManyRequestsResponse,
} from '../../_lib/join-server';

export const dynamic = 'force-dynamic';

/**
 * POST /join/api/status: the waiting room's poll. Records a heartbeat (presence), then answers the status;
 * once admitted, the answer carries the meeting options so the page opens the video by itself; while waiting, how
 * late the clinician said they are and the patient's place in the queue; the bandwidth profile and, once the visit
 * continues in messages (US-008), `messaging` (a failed session with a thread still answers, without video). A
 * session that ended meanwhile answers `{ sessionStatus: 'ended' }` (no other data).
 */
export async function POST(request: Request): Promise<Response> {
  const token = tokenFromRequest(request);
  if (!token) return missingTokenResponse();
  const requestId = requestIdOf(request.headers);
  try {
    const status = await limitedJoinCall(request, async () => {
      // Refused heartbeats (session closed, patient removed, link expired) show up in the status below.
      await join.heartbeat(token).catch(() => undefined);
      return join.status(token);
    });
    return jsonResponse({
      sessionStatus: status.sessionStatus,
      participantStatus: status.participantStatus,
      meeting: status.meeting,
      runningLateMinutes: status.runningLateMinutes,
      queue: status.queue,
      bandwidthProfile: status.bandwidthProfile,
      messaging: status.messaging,
      graceReconnectSeconds: status.graceReconnectSeconds,
    });
  } catch (error) {
    // The clinician ended the visit while the patient was in it (this poll runs only in the waiting room and the
    // call): that is the visit's normal end, not a problem, so the page shows "Your visit has ended". A patient
    // who waited in vain past the grace window learns that the visit was recorded as missed.
    const closed = closedSessionOf(error);
    if (closed?.status === 'ended') return jsonResponse({ sessionStatus: 'ended' });
    // Failed (the connection was lost past the grace window) and its messaging thread not open yet: the page waits
    // for it rather than saying goodbye; once open, the status above answers with `messaging`.
    if (closed?.status === 'failed')
      return jsonResponse({ sessionStatus: 'failed', messaging: null });
    if (closed?.reason === 'no_show')
      return jsonResponse({ sessionStatus: 'cancelled', closedReason: 'no_show' });
    return tooManyRequestsResponse(error) ?? refusalResponse(error, requestId, 'join.status');
  }
}
