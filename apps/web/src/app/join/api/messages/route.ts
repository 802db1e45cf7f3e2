import { joinMessages, joinSendMessage } from '@virtual-care/api';
import { getServices } from '../../../../server/composition';
import { answerWithJoinToken } from '../../_lib/join-server';

export const dynamic = 'force-dynamic';

/**
 * The visit's messaging thread for the patient's page (US-008), with the token from the signed join cookie, like
 * /join/api/status: GET lists it (`?after=` the last message the page has: only the newer ones), POST
 * `{ id, body }` sends one with the id the page made (kept in its offline queue: a resend is stored once).
 * Refusals answer like the status route (`{ problem, code, requestId }` under the code's status), so the page tells "try again later"
 * (COMMUNICATION_SERVICE_UNAVAILABLE) from "this link no longer reaches the visit".
 */
export function GET(request: Request): Promise<Response> {
  const after = new URL(request.url).searchParams.get('after') ?? undefined;
  return answerWithJoinToken(request, 'join.messages', (token) =>
    joinMessages(getServices().virtualCare, token, after),
  );
}

export async function POST(request: Request): Promise<Response> {
  const input = (await request.json().catch(() => null)) as { id?: unknown; body?: unknown } | null;
  const id = typeof input?.id === 'string' ? input.id : '';
  const body = typeof input?.body === 'string' ? input.body : '';
  return answerWithJoinToken(request, 'join.sendMessage', (token) =>
    joinSendMessage(getServices().virtualCare, token, { id, body }),
  );
}
