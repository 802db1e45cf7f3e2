import {
  clearJoinCookie,
  isSecureRequest,
  joinCookie,
  joinProblemOf,
  join,
  limitedJoinCall,
  requestIdOf,
  seeOther,
  tooManyRequestsResponse,
} from '../../_lib/join-server';

export const dynamic = 'force-dynamic';

/**
 * GET /join/api/link?token=...: checks the join link, keeps the token in an HttpOnly cookie and sends the
 * browser on to /join (303), so the token leaves the address bar, the history and any Referer.
 */
export async function GET(request: Request): Promise<Response> {
  const token = new URL(request.url).searchParams.get('token') ?? '';
  const secure = isSecureRequest(request);
  if (token.length === 0 || token.length > 2048) {
    return seeOther('/join?problem=invalid', { 'Set-Cookie': clearJoinCookie(secure) });
  }
  const requestId = requestIdOf(request.headers);
  try {
    await limitedJoinCall(request, () => join.validate(token));
  } catch (error) {
    const limited = tooManyRequestsResponse(error);
    if (limited) return limited;
    const problem = joinProblemOf(error, requestId, 'join.link');
    const reference = problem === 'unavailable' ? `&ref=${encodeURIComponent(requestId)}` : '';
    return seeOther(`/join?problem=${problem}${reference}`, {
      'Set-Cookie': clearJoinCookie(secure),
    });
  }
  return seeOther('/join', { 'Set-Cookie': joinCookie(token, secure) });
}
