import { deviceCheckSchema } from '@virtual-care/api';
import type { DeviceCheck } from '@virtual-care/domain';
import {
  answerWithJoinToken,
  isFormPost,
  join,
  seeOtherWithJoinToken,
} from '../../_lib/join-server';

export const dynamic = 'force-dynamic';

/**
 * The optional JSON body's `deviceCheck`. A missing or malformed one is left out: it only informs the clinician,
 * and must never keep the patient out of the waiting room.
 */
async function deviceCheckOf(request: Request): Promise<{ deviceCheck?: DeviceCheck }> {
  if (!request.headers.get('content-type')?.startsWith('application/json')) return {};
  const body: unknown = await request.json().catch(() => null);
  const parsed = deviceCheckSchema.safeParse(
    body && typeof body === 'object' && 'deviceCheck' in body ? body.deviceCheck : undefined,
  );
  return parsed.success ? { deviceCheck: parsed.data } : {};
}

/**
 * POST /join/api/enter: the patient enters the waiting room (join.enter with the cookie's token). An optional JSON
 * body `{ deviceCheck: { camera, microphone, connection } }` tells the clinician what the device check found. The
 * page's plain form posts here too before its script runs (no device check then): answered with a 303 to /join.
 */
export async function POST(request: Request): Promise<Response> {
  if (isFormPost(request))
    return seeOtherWithJoinToken(request, 'join.enter', (token) => join.enter({ token }));
  return answerWithJoinToken(request, 'join.enter', async (token) => {
    const result = await join.enter({ token, ...(await deviceCheckOf(request)) });
    return {
      destination: result.destination,
      sessionStatus: result.sessionStatus,
      participantStatus: result.participantStatus,
    };
  });
}
