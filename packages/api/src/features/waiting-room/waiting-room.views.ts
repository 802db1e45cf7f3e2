import { getWaitingRoom, type Clock, type WaitingRoom } from '@virtual-care/domain';
import type { z } from 'zod';
import type { waitingCardSchema } from './waiting-room.schema';
import { ExpiringCache } from '../../composition/expiring-cache';
import type { ApiServices } from '../../composition/services';

type WaitingCard = z.infer<typeof waitingCardSchema>;

/** Waiting patients poll every few seconds: each process reads a tenant's waiting room at most this often for them. */
const PATIENT_VIEW_TTL_MS = 2_000;

export interface WaitingRooms {
  /** Fresh: the clinician's waiting cards. */
  read(tenantId: string): Promise<WaitingRoom>;
  /** At most PATIENT_VIEW_TTL_MS old: a waiting patient's place in the queue. */
  recent(tenantId: string): Promise<WaitingRoom>;
}

export function createWaitingRooms(
  deps: Parameters<typeof getWaitingRoom>[0],
  clock: Clock,
): WaitingRooms {
  const recent = new ExpiringCache<string, WaitingRoom>(10_000);
  const read = (tenantId: string) => getWaitingRoom(deps, { tenantId });
  return {
    read,
    recent: (tenantId) =>
      recent.remember(tenantId, clock.now().getTime(), PATIENT_VIEW_TTL_MS, () => read(tenantId)),
  };
}

/**
 * The clinician's waiting cards: everyone waiting in the tenant, in queue order, with names and places. One
 * statement answers it all (the waiting-room read model joins the names).
 */
export async function waitingCards(
  services: ApiServices,
  tenantId: string,
  callerId: string,
): Promise<WaitingCard[]> {
  const room = await services.waitingRooms.read(tenantId);
  return room.waiting.map((e) => ({
    sessionId: e.sessionId,
    sessionVersion: e.sessionVersion,
    participantId: e.participantId,
    role: e.role,
    displayName: e.displayName,
    clinicianId: e.clinicianId,
    mine: e.clinicianId === callerId,
    scheduledStart: e.scheduledStart.toISOString(),
    waitingSince: e.waitingSince?.toISOString() ?? null,
    deviceCheck: e.deviceCheck,
    runningLateMinutes: e.runningLateMinutes,
    place: e.role === 'patient' ? room.placeOf(e.sessionId) : null,
  }));
}
