import { getServerCaller } from '../../../../../trpc/server';
import {
  errorCodeOf,
  isSecureRequest,
  joinCookie,
  joinProblemOf,
  requestIdOf,
  seeOther,
} from '../../../../join/_lib/join-server';

export const dynamic = 'force-dynamic';

/**
 * POST /portal/visits/:id/join (the portal's Join button): a join token for the signed-in patient's own visit,
 * kept in the join cookie as the link route does, then on to /join (303). The token never appears in an address.
 * SameSite=Lax sign-in cookies are not sent with another site's form post, so no other site can post this.
 */
export async function POST(
  request: Request,
  { params }: { params: Promise<{ id: string }> },
): Promise<Response> {
  const { id } = await params;
  const requestId = requestIdOf(request.headers);
  try {
    const { token } = await (await getServerCaller()).sessions.patientJoinToken({ id });
    return seeOther('/join', { 'Set-Cookie': joinCookie(token, isSecureRequest(request)) });
  } catch (error) {
    if (errorCodeOf(error) === 'UNAUTHENTICATED') return seeOther('/signin');
    joinProblemOf(error, requestId, 'portal.join');
    return seeOther('/portal?problem=join');
  }
}
