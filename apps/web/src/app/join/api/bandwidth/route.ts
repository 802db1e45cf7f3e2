import { joinBandwidthInputSchema } from '@virtual-care/api';
import { answerWithJoinToken, join, jsonResponse, requestIdOf } from '../../_lib/join-server';

export const dynamic = 'force-dynamic';

/**
 * POST /join/api/bandwidth `{ profile: 'audio_only' | 'video' }`: the call page moved to audio only (its own
 * measurement or the patient's tap) or back to video. Answers the session's profile now; a refusal (the visit
 * closed, messaging took over) answers like the other join routes.
 */
export async function POST(request: Request): Promise<Response> {
  const parsed = joinBandwidthInputSchema.safeParse(await request.json().catch(() => null));
  if (!parsed.success)
    return jsonResponse(
      { code: 'VALIDATION_FAILED', requestId: requestIdOf(request.headers) },
      400,
    );
  return answerWithJoinToken(request, 'join.bandwidth', (token) =>
    join.bandwidth(token, parsed.data),
  );
}
