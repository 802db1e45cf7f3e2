import { joinSession, recordHeartbeat } from '@virtual-care/domain';
import type { z } from 'zod';
import type { ApiServices } from '../../composition/services';
import type {
  enterJoinInputSchema,
  enterJoinOutputSchema,
  heartbeatOutputSchema,
} from './join.schema';

export type EnterJoinInput = z.infer<typeof enterJoinInputSchema>;
export type EnterJoinAnswer = z.infer<typeof enterJoinOutputSchema>;
export type HeartbeatAnswer = z.infer<typeof heartbeatOutputSchema>;

/** POST /sessions/join: the token holder enters (patients to the waiting room, providers into the room). */
export async function enterJoin(
  services: ApiServices,
  input: EnterJoinInput,
): Promise<EnterJoinAnswer> {
  const joined = await joinSession(services.deps, {
    token: input.token,
    ...(input.deviceCheck ? { deviceCheck: input.deviceCheck } : {}),
  });
  return {
    destination: joined.destination,
    sessionStatus: joined.sessionStatus,
    participantStatus: joined.participantStatus,
    participantId: joined.participantId,
  };
}

/** POST /sessions/join/heartbeat: presence from the waiting room or the video page. */
export async function joinHeartbeat(
  services: ApiServices,
  token: string,
): Promise<HeartbeatAnswer> {
  const { participantStatus, sessionStatus } = await recordHeartbeat(services.deps, { token });
  return { participantStatus, sessionStatus };
}
