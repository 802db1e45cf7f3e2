import {
  jsonResponse,
  joinProcedures,
  missingTokenResponse,
  refusalResponse,
  requestIdOf,
  tokenFromRequest,
} from '../../_lib/join-server';

export const dynamic = 'force-dynamic';

/** POST /join/api/enter: the patient enters the waiting room (join.enter with the cookie's token). */
export async function POST(request: Request): Promise<Response> {
  const token = tokenFromRequest(request);
  if (!token) return missingTokenResponse();
  const requestId = requestIdOf(request.headers);
  try {
    const result = await joinProcedures(requestId).enter({ token });
    return jsonResponse({
      destination: result.destination,
      sessionStatus: result.sessionStatus,
      participantStatus: result.participantStatus,
    });
  } catch (error) {
    return refusalResponse(error, requestId, 'join.enter');
  }
}
