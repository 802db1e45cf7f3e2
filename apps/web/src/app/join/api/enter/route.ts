import {
  errorCodeOf,
  errorKindFor,
  jsonResponse,
  joinProcedures,
  tokenFromRequest,
} from '../../_lib/join-server';

export const dynamic = 'force-dynamic';

/** POST /join/api/enter: the patient enters the waiting room (join.enter with the cookie's token). */
export async function POST(request: Request): Promise<Response> {
  const token = tokenFromRequest(request);
  if (!token) return jsonResponse({ problem: 'missing' }, 401);
  try {
    const result = await joinProcedures().enter({ token });
    return jsonResponse({
      destination: result.destination,
      sessionStatus: result.sessionStatus,
      participantStatus: result.participantStatus,
    });
  } catch (error) {
    const code = errorCodeOf(error);
    return jsonResponse({ problem: errorKindFor(code), code }, 409);
  }
}
