import type { ParticipantStatus } from '../records/session-participant.record';
import type { TransitionTable } from './transition.machine';

/**
 * Participant lifecycle (domain model seed 1.2): invited -> waiting -> admitted -> active -> disconnected -> removed.
 * invited -> active is a provider's direct join; disconnected -> active/waiting is a reconnect.
 * removed is terminal: rejoining needs a new invitation (a new participant and token).
 */
export const PARTICIPANT_TRANSITIONS = {
  invited: ['waiting', 'active', 'removed'],
  waiting: ['admitted', 'disconnected', 'removed'],
  admitted: ['active', 'disconnected', 'removed'],
  active: ['disconnected', 'removed'],
  disconnected: ['waiting', 'active', 'removed'],
  removed: [],
} as const satisfies TransitionTable<ParticipantStatus>;

/** Connected to the session right now (waiting room counts: the patient is there). */
export const CONNECTED_STATUSES: readonly ParticipantStatus[] = ['waiting', 'admitted', 'active'];
/** In the video room. */
export const IN_ROOM_STATUSES: readonly ParticipantStatus[] = ['admitted', 'active'];
