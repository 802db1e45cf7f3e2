import type { AsyncVisitStatus } from '../records/async-visit.record';
import type { TransitionTable } from './transition.machine';

/** Store-and-forward lifecycle (domain model seed 1.4), strictly forward. */
export const ASYNC_VISIT_TRANSITIONS = {
  draft: ['submitted'],
  submitted: ['under_review'],
  under_review: ['responded'],
  responded: ['closed'],
  closed: [],
} as const satisfies TransitionTable<AsyncVisitStatus>;
