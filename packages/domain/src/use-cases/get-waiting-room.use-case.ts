import type { UnitOfWork } from '../ports/unit-of-work.port';
import type { WaitingRoomEntry } from '../ports/waiting-room.port';
import { placeInQueue, type PlaceInQueue } from '../waiting-room/waiting-queue.value';

export interface GetWaitingRoomDeps {
  uow: UnitOfWork;
}

export interface WaitingRoom {
  /** Everyone waiting across the tenant's open sessions, in queue order. */
  waiting: WaitingRoomEntry[];
  cliniciansInVisit: string[];
  /** The place of the patient waiting in a session (null when none waits there). */
  placeOf(sessionId: string): PlaceInQueue | null;
}

/** The tenant's waiting room in one read: the clinicians' waiting cards and each patient's place in the queue. */
export async function getWaitingRoom(
  deps: GetWaitingRoomDeps,
  query: { tenantId: string },
): Promise<WaitingRoom> {
  const { waiting, cliniciansInVisit } = await deps.uow.read(query.tenantId, (scope) =>
    scope.waitingRoom.read(),
  );
  return {
    waiting,
    cliniciansInVisit,
    placeOf: (sessionId) => placeInQueue(waiting, cliniciansInVisit, sessionId),
  };
}
