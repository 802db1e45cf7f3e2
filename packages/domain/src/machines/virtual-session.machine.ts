import type { SessionStatus } from '../records/virtual-session.record';
import type { TransitionTable } from './transition.machine';

/**
 * Session lifecycle (domain model seed 1.1). Cancel only before active; failed only from active;
 * ended and cancelled are terminal, so an ended session never reactivates. One addition (decision 0024):
 * a failed visit that continued in messages ends when the clinician closes it (the aggregate checks the thread),
 * so it gets its Encounter and billing like any visit; a failed visit without one stays failed.
 */
export const SESSION_TRANSITIONS = {
  scheduled: ['waiting', 'cancelled'],
  waiting: ['active', 'cancelled'],
  active: ['ended', 'failed'],
  ended: [],
  cancelled: [],
  failed: ['ended'],
} as const satisfies TransitionTable<SessionStatus>;

/** States in which people may still join, be admitted or removed. */
export const OPEN_SESSION_STATUSES: readonly SessionStatus[] = ['scheduled', 'waiting', 'active'];
