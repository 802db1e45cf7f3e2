import type { WaitingRoomEntry } from '../ports/waiting-room.port';

/** Where a waiting patient stands with their clinician: how many are before them, and whether the clinician is in a visit. */
export interface PlaceInQueue {
  ahead: number;
  clinicianBusy: boolean;
}

const time = (d: Date | null): number => (d ? d.getTime() : Number.POSITIVE_INFINITY);

/** Queue order: the earlier appointment first, then whoever arrived first (an early patient does not jump ahead). */
export function queueOrder(a: WaitingRoomEntry, b: WaitingRoomEntry): number {
  return (
    a.scheduledStart.getTime() - b.scheduledStart.getTime() ||
    time(a.waitingSince) - time(b.waitingSince) ||
    a.participantId.localeCompare(b.participantId)
  );
}

/**
 * The place of the patient waiting in `sessionId`, among the patients waiting for the same clinician; null when
 * that session has no patient waiting.
 */
export function placeInQueue(
  waiting: readonly WaitingRoomEntry[],
  cliniciansInVisit: readonly string[],
  sessionId: string,
): PlaceInQueue | null {
  const mine = waiting.find((e) => e.sessionId === sessionId && e.role === 'patient');
  if (!mine) return null;
  const ahead = waiting.filter(
    (e) =>
      e.role === 'patient' &&
      e.clinicianId === mine.clinicianId &&
      e.sessionId !== sessionId &&
      queueOrder(e, mine) < 0,
  ).length;
  return { ahead, clinicianBusy: cliniciansInVisit.includes(mine.clinicianId) };
}
