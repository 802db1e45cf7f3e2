import type { SessionStatus } from '../records/virtual-session.record';
import type { TransitionTable } from './transition.machine';

/**
 * Session lifecycle (domain model seed 1.1). Cancel only before active; failed only from active;
 * ended, cancelled and failed are terminal, so an ended session never reactivates.
 */
export const SESSION_TRANSITIONS = {
  scheduled: ['waiting', 'cancelled'],
  waiting: ['active', 'cancelled'],
  active: ['ended', 'failed'],
  ended: [],
  cancelled: [],
  failed: [],
} as const satisfies TransitionTable<SessionStatus>;

/** States in which people may still join, be admitted or removed. */
export const OPEN_SESSION_STATUSES: readonly SessionStatus[] = ['scheduled', 'waiting', 'active'];
