import type { VirtualSessionParticipantRecord } from '../records/session-participant.record';
import { getSessionDetail, type GetSessionDetailDeps } from './get-session-detail.use-case';

export type GetParticipantListDeps = GetSessionDetailDeps;

/** All participants of a session with their status (the waiting-room view). */
export async function getParticipantList(
  deps: GetParticipantListDeps,
  query: { tenantId: string; sessionId: string },
): Promise<VirtualSessionParticipantRecord[]> {
  return (await getSessionDetail(deps, query)).participants;
}
